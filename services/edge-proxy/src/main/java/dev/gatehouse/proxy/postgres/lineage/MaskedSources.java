package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.proxy.masking.MaskingPlan;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one rule's column globs mask in one database: the columns whose name matches (any relation),
 * the relations holding such a column, and the views (and materialized views) that read one, directly
 * or through other views. PostgreSQL names a view's own column in RowDescription, never the column it
 * reads, and the catalog records which columns a view reads but not which of its columns shows which:
 * so every column of such a view counts as masked. Without a catalog every relation counts as holding
 * a masked column ({@link #everything()}).
 */
public final class MaskedSources {

    private final ColumnCatalog catalog;
    private final boolean everything;
    private final long[] maskedColumns;
    private final long[] maskedRelations;
    private final long[] rowTypes;
    private final Set<String> relationNames;
    private final Map<String, Set<String>> viewColumns;

    private MaskedSources(ColumnCatalog catalog, boolean everything, long[] maskedColumns, long[] maskedRelations, long[] rowTypes,
                          Set<String> relationNames, Map<String, Set<String>> viewColumns) {
        this.catalog = catalog;
        this.everything = everything;
        this.maskedColumns = maskedColumns;
        this.maskedRelations = maskedRelations;
        this.rowTypes = rowTypes;
        this.relationNames = relationNames;
        this.viewColumns = viewColumns;
    }

    static MaskedSources compute(ColumnCatalog catalog, MaskingPlan plan) {
        if (!catalog.available()) {
            return everything();
        }
        long[] keys = catalog.columnKeys();
        String[] names = catalog.columnNames();
        boolean[] maskedColumn = new boolean[keys.length];
        Set<Long> relations = new HashSet<>();
        for (int c = 0; c < keys.length; c++) {
            if (plan.columnMatches(names[c])) {
                maskedColumn[c] = true;
                relations.add(ColumnCatalog.relationOf(keys[c]));
            }
        }
        Set<Long> views = maskedViews(catalog, maskedColumn, relations);
        relations.addAll(views);
        Map<String, Set<String>> viewColumns = new HashMap<>();
        for (int c = 0; c < keys.length; c++) {
            long relation = ColumnCatalog.relationOf(keys[c]);
            if (views.contains(relation)) {
                maskedColumn[c] = true;
                viewColumns.computeIfAbsent(lower(name(catalog, relation)), v -> new HashSet<>()).add(lower(names[c]));
            }
        }
        Set<String> relationNames = new HashSet<>();
        long[] rowTypes = new long[relations.size()];
        int r = 0;
        for (long relation : relations) {
            int at = catalog.relation(relation);
            relationNames.add(lower(name(catalog, relation)));
            rowTypes[r++] = at < 0 ? 0 : catalog.rowTypes()[at];
        }
        Arrays.sort(rowTypes);
        return new MaskedSources(catalog, false, selected(keys, maskedColumn), relations.stream().mapToLong(Long::longValue)
                .sorted().toArray(), rowTypes, Set.copyOf(relationNames), Map.copyOf(viewColumns));
    }

    /**
     * Views reading a masked column or a masked view, to a fixed point (views on views on tables). A
     * dependency on attribute 0 is a whole-row reference ({@code to_jsonb(u)} in the view): the view is
     * masked when that relation holds a masked column.
     */
    private static Set<Long> maskedViews(ColumnCatalog catalog, boolean[] maskedColumn, Set<Long> holders) {
        long[] views = catalog.dependentViews();
        long[] reads = catalog.dependencyKeys();
        long[] keys = catalog.columnKeys();
        Set<Long> masked = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (int d = 0; d < views.length; d++) {
                if (masked.contains(views[d])) {
                    continue;
                }
                int column = Arrays.binarySearch(keys, reads[d]);
                boolean readsMasked = column >= 0 && maskedColumn[column];
                long source = ColumnCatalog.relationOf(reads[d]);
                boolean readsMaskedView = masked.contains(source);
                if (readsMasked || readsMaskedView || column < 0 && holders.contains(source)) {
                    masked.add(views[d]);
                    grew = true;
                }
            }
        }
        return masked;
    }

    /** A "mask everything unattributed" view for a session without a catalog. */
    public static MaskedSources everything() {
        return new MaskedSources(ColumnCatalog.UNAVAILABLE, true, new long[0], new long[0], new long[0], Set.of(),
                Map.of());
    }

    /** Without a catalog: every relation may hold a masked column, no source column is known. */
    public boolean everythingUnknown() {
        return everything;
    }

    /** A source column (relation OID, attribute number &gt; 0) that is masked: its name matches, or it is a masked view's. */
    public boolean maskedColumn(long relation, int attribute) {
        return Arrays.binarySearch(maskedColumns, ColumnCatalog.key(relation, attribute)) >= 0;
    }

    /** Whether the login's catalog has this column (a table created later, a system column: no). */
    public boolean knowsColumn(long relation, int attribute) {
        return catalog.column(relation, attribute) != null;
    }

    public boolean knowsRelation(long relation) {
        return catalog.relation(relation) >= 0;
    }

    /** A relation holding a masked column (or a view reading one): its whole-row value is masked. */
    public boolean holdsMasked(long relation) {
        return everything || Arrays.binarySearch(maskedRelations, relation) >= 0;
    }

    /** A masked relation's row type (a field of that composite type carries the whole row). */
    public boolean maskedRowType(long type) {
        return Arrays.binarySearch(rowTypes, type) >= 0;
    }

    /** Whether an identifier (lower-cased) names a relation holding a masked column; always when no catalog. */
    public boolean namesMaskedRelation(String identifier) {
        return everything || relationNames.contains(identifier);
    }

    /** The columns of a masked view named {@code identifier} (lower-cased), or {@code null}. */
    public Set<String> viewColumns(String identifier) {
        return viewColumns.get(identifier);
    }

    private static long[] selected(long[] keys, boolean[] selected) {
        int count = 0;
        for (boolean s : selected) {
            count += s ? 1 : 0;
        }
        long[] out = new long[count];
        int o = 0;
        for (int k = 0; k < keys.length; k++) {
            if (selected[k]) {
                out[o++] = keys[k];
            }
        }
        return out;
    }

    private static String name(ColumnCatalog catalog, long relation) {
        int at = catalog.relation(relation);
        return at < 0 ? "" : catalog.relationNames()[at];
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
