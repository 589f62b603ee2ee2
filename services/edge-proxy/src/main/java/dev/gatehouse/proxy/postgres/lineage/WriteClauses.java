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
 * SET} and {@code ON CONFLICT ... DO UPDATE SET} on their columns and marks those going into a masked one,
 * and the literals of a condition ({@code WHERE}, also of {@code DELETE}) that names a masked column.
 * {@link #read} answers false when the statement writes but its values cannot be placed: the caller then
 * marks every literal and parameter (fail closed).
 */
final class WriteClauses {

    private final List<Token> t;
    private final WriteTarget target;
    private final WriteMarks marks;
    private int pos;

    WriteClauses(List<Token> tokens, MaskingPlan plan, ColumnCatalog catalog, MaskedSources sources,
                 boolean shapeKnown, WriteMarks marks) {
        this.t = tokens;
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
        if (word(at(t, 0), "delete")) {
            filter(1, t.size()); // it writes no value; a condition on a masked column shows one
            return true;
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
        boolean[] masked = punctuation(at(t, pos), "(") && !TokenScan.query(at(t, pos + 1)) ? columnList()
                : target.positions();
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
            return !TokenScan.any(masked); // INSERT ... SELECT (or a CTE) into no masked column
        }
        return onConflict() && rest();
    }

    /** {@code ON CONFLICT [target] DO NOTHING | DO UPDATE SET ...}, when present. */
    private boolean onConflict() {
        if (!word(at(t, pos), "on") || !word(at(t, pos + 1), "conflict")) {
            return true;
        }
        int start = pos + 2;
        pos = TokenScan.topLevel(t, start, "do");
        filter(start, pos);
        pos++;
        if (word(at(t, pos), "nothing")) {
            pos++;
            return true;
        }
        if (!word(at(t, pos), "update") || !word(at(t, pos + 1), "set")) {
            return false;
        }
        pos += 2;
        return assignments();
    }

    private boolean assignments() {
        pos = SetList.assign(t, pos, target, marks);
        return pos >= 0;
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
        boolean intoMasked = SetList.namesMasked(t, pos, target);
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
        int close = TokenScan.close(t, pos);
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
            int close = TokenScan.close(t, pos);
            int column = 0;
            int depth = 0;
            for (int k = pos + 1; k < close; k++) {
                Token token = t.get(k);
                depth += TokenScan.opens(token) ? 1 : TokenScan.closes(token) ? -1 : 0;
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

    /** What may follow the values: a filter (its literals marked when it names a masked column), RETURNING. */
    private boolean rest() {
        if (word(at(t, pos), "where")) {
            int start = ++pos;
            pos = TokenScan.topLevel(t, start, "returning");
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
}
