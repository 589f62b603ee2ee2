package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.pgsql.Token;
import dev.gatehouse.proxy.masking.MaskingPlan;

import java.util.List;

import static dev.gatehouse.proxy.postgres.lineage.SqlWords.at;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.folded;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.name;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.punctuation;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.word;

/**
 * One statement of {@link WrittenValues}: places the values of {@code INSERT ... VALUES}, {@code UPDATE ...
 * SET} and {@code ON CONFLICT ... DO UPDATE SET} on their columns and marks those going into a masked one.
 * {@link #read} answers false when the statement writes but its values cannot be placed: the caller then
 * marks every literal and parameter (fail closed).
 */
final class WriteClauses {

    private final List<Token> t;
    private final WriteTarget target;
    private final WriteMarks marks;
    private final MaskingPlan plan;
    private final MaskedSources sources;
    private int pos;

    WriteClauses(List<Token> tokens, MaskingPlan plan, ColumnCatalog catalog, MaskedSources sources,
                 boolean shapeKnown, WriteMarks marks) {
        this.t = tokens;
        this.plan = plan;
        this.sources = sources;
        this.marks = marks;
        this.target = new WriteTarget(plan, catalog, sources, shapeKnown);
    }

    boolean read() {
        for (Token token : t) {
            if (token.type() == Token.Type.ERROR) {
                return !writes(); // PostgreSQL rejects it anyway; a write is still not recorded in clear
            }
        }
        if (word(at(t, 0), "insert")) {
            return insert();
        }
        if (word(at(t, 0), "update")) {
            return update();
        }
        // MERGE, COPY, WITH ... INSERT, and anything else that modifies rows: nothing is placed
        return !writes() || !target.anyMayHoldMasked(t);
    }

    private boolean writes() {
        return StatementKinds.modifies(t) || word(at(t, 0), "copy") || word(at(t, 0), "merge");
    }

    private boolean insert() {
        pos = 1;
        if (!word(at(t, pos++), "into") || !relation()) {
            return false;
        }
        if (word(at(t, pos), "as") && name(at(t, pos + 1))) {
            pos += 2;
        }
        boolean[] masked = punctuation(at(t, pos), "(") ? columnList() : target.positions();
        if (masked == null) {
            return false; // no column list and the relation's shape is unknown: nothing can be placed
        }
        if (word(at(t, pos), "overriding")) {
            pos += 3;
        }
        if (word(at(t, pos), "default") && word(at(t, pos + 1), "values")) {
            pos += 2;
        } else if (word(at(t, pos), "values")) {
            pos++;
            if (!rows(masked)) {
                return false;
            }
        } else {
            return !any(masked); // INSERT ... SELECT (or a CTE) into no masked column
        }
        if (word(at(t, pos), "on") && word(at(t, pos + 1), "conflict")) {
            pos += 2;
            int start = pos;
            pos = topLevel(start, "do");
            filter(start, pos);
            pos++;
            if (word(at(t, pos), "update") && word(at(t, pos + 1), "set")) {
                pos += 2;
                if (!assignments()) {
                    return false;
                }
            } else if (word(at(t, pos), "nothing")) {
                pos++;
            } else {
                return false;
            }
        }
        return rest();
    }

    private boolean update() {
        pos = 1;
        if (word(at(t, pos), "only")) {
            pos++;
        }
        if (!relation()) {
            return false;
        }
        if (at(t, pos) != null && at(t, pos).type() == Token.Type.OPERATOR && at(t, pos).value().equals("*")) {
            pos++;
        }
        if (word(at(t, pos), "as")) {
            pos++;
        }
        if (name(at(t, pos)) && !word(at(t, pos), "set")) {
            pos++;
        }
        if (!word(at(t, pos++), "set")) {
            return false;
        }
        boolean intoMasked = assignmentsMasked();
        if (!assignments()) {
            return false;
        }
        if (word(at(t, pos), "from") && (intoMasked || target.unknown())) {
            return false; // SET api_key = v.k FROM (VALUES ('…')) v(k): the value is placed elsewhere
        }
        return rest();
    }

    /** {@code name [. name ...]}: the target relation. */
    private boolean relation() {
        if (!name(at(t, pos))) {
            return false;
        }
        while (punctuation(at(t, pos + 1), ".") && name(at(t, pos + 2))) {
            pos += 2;
        }
        target.named(folded(t.get(pos)));
        pos++;
        return true;
    }

    /** {@code (a, b.c, d[1])}: per value position, whether its column is masked. */
    private boolean[] columnList() {
        int close = close(pos);
        int columns = 0;
        boolean[] masked = new boolean[close - pos];
        boolean first = true;
        for (int k = pos + 1; k < close; k++) {
            if (punctuation(t.get(k), ",")) {
                first = true;
            } else if (first) {
                first = false;
                masked[columns++] = t.get(k).isIdentifier() && target.masked(folded(t.get(k)), t.get(k).value());
            }
        }
        pos = close + 1;
        return java.util.Arrays.copyOf(masked, columns);
    }

    /** {@code (v, v), (v, v)}: the values at masked positions (and past the known columns). */
    private boolean rows(boolean[] masked) {
        while (punctuation(at(t, pos), "(")) {
            int close = close(pos);
            int column = 0;
            int depth = 0;
            for (int k = pos + 1; k < close; k++) {
                Token token = t.get(k);
                depth += opens(token) ? 1 : closes(token) ? -1 : 0;
                if (punctuation(token, ",") && depth == 0) {
                    column++;
                } else if (column >= masked.length || masked[column]) {
                    marks.value(token);
                }
            }
            pos = close + 1;
            if (!punctuation(at(t, pos), ",")) {
                return true;
            }
            pos++;
        }
        return false;
    }

    /** {@code a = v, (b, c) = (v, v), d.x = v}: values going into a masked column are marked. */
    private boolean assignments() {
        while (pos < t.size()) {
            boolean masked = false;
            if (punctuation(at(t, pos), "(")) {
                int close = close(pos);
                for (int k = pos + 1; k < close; k++) {
                    masked |= t.get(k).isIdentifier() && target.masked(folded(t.get(k)), t.get(k).value());
                }
                pos = close + 1;
            } else if (at(t, pos).isIdentifier()) {
                masked = target.masked(folded(t.get(pos)), t.get(pos).value());
                while (pos < t.size() && !isEquals(t.get(pos))) {
                    pos++; // a subfield or an array element of the column
                }
            } else {
                return false;
            }
            if (!isEquals(at(t, pos))) {
                return false;
            }
            int start = ++pos;
            pos = valueEnd(start);
            if (masked) {
                marks.values(t, start, pos);
            }
            if (!punctuation(at(t, pos), ",")) {
                return true;
            }
            pos++;
        }
        return true;
    }

    /** Whether the SET list names a masked column (as a target or in a value). */
    private boolean assignmentsMasked() {
        int depth = 0;
        for (int k = pos; k < t.size(); k++) {
            Token token = t.get(k);
            if (depth == 0 && ends(token)) {
                return false;
            }
            depth += opens(token) ? 1 : closes(token) ? -1 : 0;
            if (token.isIdentifier() && target.masked(folded(token), token.value())) {
                return true;
            }
        }
        return false;
    }

    /** What may follow the values: a filter (its literals marked when it names a masked column), RETURNING. */
    private boolean rest() {
        if (word(at(t, pos), "where")) {
            int start = ++pos;
            pos = topLevel(start, "returning");
            filter(start, pos);
        }
        return pos >= t.size() || word(at(t, pos), "returning");
    }

    /** A condition comparing a masked column with a literal shows the value too. */
    private void filter(int from, int to) {
        for (int k = from; k < to; k++) {
            Token token = t.get(k);
            if (token.isIdentifier() && target.masked(folded(token), token.value())) {
                marks.values(t, from, to);
                return;
            }
        }
    }

    private static boolean ends(Token token) {
        return token.isWord("where") || token.isWord("from") || token.isWord("returning");
    }

    private static boolean isEquals(Token token) {
        return token != null && token.type() == Token.Type.OPERATOR && token.value().equals("=");
    }

    /** The index of the bracket closing the one at {@code open}; the end when unbalanced. */
    private int close(int open) {
        int depth = 0;
        for (int k = open; k < t.size(); k++) {
            depth += opens(t.get(k)) ? 1 : closes(t.get(k)) ? -1 : 0;
            if (depth == 0) {
                return k;
            }
        }
        return t.size();
    }

    /** The first {@code word} outside brackets from {@code from}, or the end. */
    private int topLevel(int from, String word) {
        int depth = 0;
        for (int k = from; k < t.size(); k++) {
            Token token = t.get(k);
            if (depth == 0 && token.isWord(word)) {
                return k;
            }
            depth += opens(token) ? 1 : closes(token) ? -1 : 0;
        }
        return t.size();
    }

    /** The end of an assigned value: a comma or WHERE/FROM/RETURNING outside brackets, or the end. */
    private int valueEnd(int from) {
        int depth = 0;
        for (int k = from; k < t.size(); k++) {
            Token token = t.get(k);
            if (depth == 0 && (punctuation(token, ",") || ends(token))) {
                return k;
            }
            depth += opens(token) ? 1 : closes(token) ? -1 : 0;
        }
        return t.size();
    }

    private static boolean opens(Token token) {
        return punctuation(token, "(") || punctuation(token, "[");
    }

    private static boolean closes(Token token) {
        return punctuation(token, ")") || punctuation(token, "]");
    }

    private static boolean any(boolean[] masked) {
        for (boolean m : masked) {
            if (m) {
                return true;
            }
        }
        return false;
    }
}
