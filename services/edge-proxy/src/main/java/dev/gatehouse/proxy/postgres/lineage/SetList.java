package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.pgsql.Token;

import java.util.List;

import static dev.gatehouse.proxy.postgres.lineage.SqlWords.at;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.folded;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.punctuation;

/** The {@code SET} list of UPDATE and of ON CONFLICT DO UPDATE, for {@link WriteClauses}. */
final class SetList {

    private SetList() {
    }

    /**
     * {@code a = v, (b, c) = (v, v), d.x = v}: marks every literal and parameter of a value going into a masked
     * column (any of a column group). Returns the index after the list, or -1 when it is not understood.
     */
    static int assign(List<Token> t, int pos, WriteTarget target, WriteMarks marks) {
        while (pos < t.size()) {
            boolean masked = false;
            if (punctuation(at(t, pos), "(")) {
                int close = TokenScan.close(t, pos);
                for (int k = pos + 1; k < close; k++) {
                    masked |= t.get(k).isIdentifier() && target.masked(folded(t.get(k)), t.get(k).value());
                }
                pos = close + 1;
            } else if (t.get(pos).isIdentifier()) {
                masked = target.masked(folded(t.get(pos)), t.get(pos).value());
                while (pos < t.size() && !TokenScan.isEquals(t.get(pos))) {
                    pos++; // a subfield or an array element of the column
                }
            } else {
                return -1;
            }
            if (!TokenScan.isEquals(at(t, pos))) {
                return -1;
            }
            int start = ++pos;
            pos = TokenScan.valueEnd(t, start);
            if (masked) {
                marks.values(t, start, pos);
            }
            if (!punctuation(at(t, pos), ",")) {
                return pos;
            }
            pos++;
        }
        return pos;
    }

    /** Whether the list names a masked column, as a target or in a value. */
    static boolean namesMasked(List<Token> t, int pos, WriteTarget target) {
        int depth = 0;
        for (int k = pos; k < t.size(); k++) {
            Token token = t.get(k);
            if (depth == 0 && TokenScan.ends(token)) {
                return false;
            }
            depth += TokenScan.opens(token) ? 1 : TokenScan.closes(token) ? -1 : 0;
            if (token.isIdentifier() && target.masked(folded(token), token.value())) {
                return true;
            }
        }
        return false;
    }
}
