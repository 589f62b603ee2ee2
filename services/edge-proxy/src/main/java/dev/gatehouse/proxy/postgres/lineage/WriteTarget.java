package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.pgsql.Token;
import dev.gatehouse.proxy.masking.MaskingPlan;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static dev.gatehouse.proxy.postgres.lineage.SqlWords.at;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.folded;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.name;
import static dev.gatehouse.proxy.postgres.lineage.SqlWords.word;

/**
 * The relation a write goes into, as {@link WriteClauses} needs it: which of its columns (by name) are
 * masked, and without a column list which value positions are, from the login's catalog (relations of
 * the same name in other schemas count too, so a position is masked when it is in any of them).
 */
final class WriteTarget {

    private final MaskingPlan plan;
    private final ColumnCatalog catalog;
    private final MaskedSources sources;
    private final boolean shapeKnown;
    private String relation = "";
    private Set<String> viewColumns;

    WriteTarget(MaskingPlan plan, ColumnCatalog catalog, MaskedSources sources, boolean shapeKnown) {
        this.plan = plan;
        this.catalog = catalog;
        this.sources = sources;
        this.shapeKnown = shapeKnown && !sources.everythingUnknown();
    }

    void named(String folded) {
        relation = folded;
        viewColumns = sources.viewColumns(folded);
    }

    /** A column of the target, by its name as written ({@code value}) and lower-cased ({@code folded}). */
    boolean masked(String folded, String value) {
        return plan.columnMatches(value) || viewColumns != null && viewColumns.contains(folded);
    }

    /** The target's shape is not known: a relation created after login, or the session changed relations since. */
    boolean unknown() {
        return positions() == null;
    }

    /** Per value position (no column list), whether its column is masked; {@code null} when the shape is not known. */
    boolean[] positions() {
        if (!shapeKnown) {
            return null;
        }
        boolean[] masked = null;
        String[] names = catalog.relationNames();
        long[] oids = catalog.relations();
        for (int r = 0; r < names.length; r++) {
            if (names[r].equalsIgnoreCase(relation)) { // no copy per relation; a looser match masks more, never less
                masked = union(masked, columnsOf(oids[r]));
            }
        }
        return masked;
    }

    private boolean[] columnsOf(long oid) {
        long[] keys = catalog.columnKeys();
        int from = Arrays.binarySearch(keys, ColumnCatalog.key(oid, 0));
        from = from < 0 ? -from - 1 : from;
        int to = from;
        while (to < keys.length && ColumnCatalog.relationOf(keys[to]) == oid) {
            to++;
        }
        boolean[] masked = new boolean[to - from];
        for (int k = from; k < to; k++) {
            masked[k - from] = sources.maskedColumn(oid, (int) (keys[k] & 0xFFFF))
                    || plan.columnMatches(catalog.columnNames()[k]);
        }
        return masked;
    }

    private static boolean[] union(boolean[] a, boolean[] b) {
        if (a == null) {
            return b;
        }
        boolean[] out = Arrays.copyOf(a.length >= b.length ? a : b, Math.max(a.length, b.length));
        boolean[] other = a.length >= b.length ? b : a;
        for (int k = 0; k < other.length; k++) {
            out[k] |= other[k];
        }
        return out;
    }

    /**
     * For a write whose values are not placed (MERGE, COPY, a CTE): whether it may touch a masked column,
     * that is names a masked column or a relation holding one, or writes into a relation the catalog does
     * not know.
     */
    boolean anyMayHoldMasked(List<Token> t) {
        for (int i = 0; i < t.size(); i++) {
            Token token = t.get(i);
            if (token.isIdentifier() && (sources.namesMaskedRelation(folded(token)) || plan.columnMatches(token.value()))) {
                return true;
            }
            if ((token.isWord("into") || token.isWord("update") || token.isWord("copy")) && name(at(t, i + 1))
                    && !word(at(t, i - 1), "for") && !word(at(t, i - 1), "key")) {
                int k = i + 1;
                while (SqlWords.punctuation(at(t, k + 1), ".") && name(at(t, k + 2))) {
                    k += 2;
                }
                named(folded(t.get(k)));
                if (unknown()) {
                    return true;
                }
            }
        }
        return false;
    }
}
