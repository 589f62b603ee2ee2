package dev.gatehouse.proxy.postgres.lineage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.proxy.masking.MaskingPlan;

import java.util.Arrays;

/**
 * The user relations and columns of one database as a session's login saw them: (relation OID, attribute
 * number) to the column's name, each relation's name and row type, and which columns each view reads
 * (so a view that renames a masked column is known to carry it). Sorted primitive arrays, searched by
 * binary search: {@code key = oid << 16 | attnum}, a few bytes per column plus its (shared) name.
 * Immutable; sessions of the same database share one instance while its content stays the same
 * ({@link #sameContent}), and with it the per-rule {@link MaskedSources} computed from it.
 */
public final class ColumnCatalog {

    /** No catalog (the query failed or the database has more columns than the cap): every field is unattributed. */
    public static final ColumnCatalog UNAVAILABLE = new ColumnCatalog(false, new long[0], new String[0], new long[0],
            new String[0], new long[0], new boolean[0], new long[0], new long[0]);

    /** Plans are few (one per masking rule); 32 keeps them all, and a policy churn must not grow memory. */
    private static final int MAX_PLANS = 32;

    private final boolean available;
    private final long[] columnKeys;
    private final String[] columnNames;
    private final long[] relations;
    private final String[] relationNames;
    private final long[] rowTypes;
    private final boolean[] views;
    private final long[] dependentViews;
    private final long[] dependencyKeys;
    private final Cache<MaskingPlan, MaskedSources> sources = Caffeine.newBuilder().maximumSize(MAX_PLANS).build();

    ColumnCatalog(boolean available, long[] columnKeys, String[] columnNames, long[] relations, String[] relationNames,
                  long[] rowTypes, boolean[] views, long[] dependentViews, long[] dependencyKeys) {
        this.available = available;
        this.columnKeys = columnKeys;
        this.columnNames = columnNames;
        this.relations = relations;
        this.relationNames = relationNames;
        this.rowTypes = rowTypes;
        this.views = views;
        this.dependentViews = dependentViews;
        this.dependencyKeys = dependencyKeys;
    }

    static long key(long relation, int attribute) {
        return relation << 16 | (attribute & 0xFFFF);
    }

    static long relationOf(long key) {
        return key >>> 16;
    }

    /** Whether the login's catalog query answered within the cap: otherwise nothing is attributed. */
    public boolean available() {
        return available;
    }

    public int columns() {
        return columnKeys.length;
    }

    /** The column's name, or {@code null} when the catalog does not know it (created after login, a system column). */
    String column(long relation, int attribute) {
        int at = Arrays.binarySearch(columnKeys, key(relation, attribute));
        return at < 0 ? null : columnNames[at];
    }

    /** Index of a relation in the relation arrays, or a negative number. */
    int relation(long oid) {
        return Arrays.binarySearch(relations, oid);
    }

    /** What {@code plan}'s column globs mask in this database; computed once per plan and shared. */
    public MaskedSources masked(MaskingPlan plan) {
        return sources.get(plan, p -> MaskedSources.compute(this, p));
    }

    /** Same relations, columns and view dependencies: a new session may use {@code other}'s instance instead. */
    boolean sameContent(ColumnCatalog other) {
        return available == other.available && Arrays.equals(columnKeys, other.columnKeys)
                && Arrays.equals(columnNames, other.columnNames) && Arrays.equals(relations, other.relations)
                && Arrays.equals(relationNames, other.relationNames) && Arrays.equals(rowTypes, other.rowTypes)
                && Arrays.equals(views, other.views) && Arrays.equals(dependentViews, other.dependentViews)
                && Arrays.equals(dependencyKeys, other.dependencyKeys);
    }

    long[] columnKeys() {
        return columnKeys;
    }

    String[] columnNames() {
        return columnNames;
    }

    long[] relations() {
        return relations;
    }

    String[] relationNames() {
        return relationNames;
    }

    long[] rowTypes() {
        return rowTypes;
    }

    boolean[] views() {
        return views;
    }

    long[] dependentViews() {
        return dependentViews;
    }

    long[] dependencyKeys() {
        return dependencyKeys;
    }

    @Override
    public String toString() {
        return available ? "ColumnCatalog[" + relations.length + " relations, " + columnKeys.length + " columns, "
                + dependentViews.length + " view dependencies]" : "ColumnCatalog[unavailable]";
    }
}
