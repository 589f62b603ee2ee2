package dev.gatehouse.proxy.postgres.lineage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The one catalog query a session runs at login, and the builder of a {@link ColumnCatalog} from its
 * text rows. User relations only (tables, views, materialized views, foreign and partitioned tables;
 * not pg_catalog, information_schema, TOAST or other sessions' temporary schemas). Rows come sorted,
 * so the arrays are filled in order; a first row gives the total, and above the cap the server sends
 * nothing else (the session then works without a catalog: conservative, see {@link FieldLineage}).
 */
public final class CatalogRows {

    private static final String QUERY = """
            WITH rel AS (SELECT c.oid, c.reltype, c.relname, c.relkind FROM pg_catalog.pg_class c \
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
            WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
            AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'), \
            col AS (SELECT a.attrelid, a.attnum, a.attname FROM pg_catalog.pg_attribute a JOIN rel ON rel.oid = a.attrelid \
            WHERE a.attnum > 0 AND NOT a.attisdropped), \
            dep AS (SELECT DISTINCT r.ev_class, d.refobjid, d.refobjsubid FROM pg_catalog.pg_rewrite r \
            JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid \
            WHERE d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjsubid >= 0 \
            AND d.refobjid <> r.ev_class AND r.ev_class IN (SELECT oid FROM rel WHERE relkind IN ('v', 'm'))), \
            total AS (SELECT (SELECT count(*) FROM rel) + (SELECT count(*) FROM col) + (SELECT count(*) FROM dep) AS n) \
            SELECT 'n', n, 0::int8, NULL::text FROM total \
            UNION ALL SELECT 'r', oid::int8, reltype::int8, relname::text FROM rel WHERE (SELECT n FROM total) <= %d \
            UNION ALL SELECT 'v', oid::int8, 0, NULL FROM rel WHERE relkind IN ('v', 'm') AND (SELECT n FROM total) <= %d \
            UNION ALL SELECT 'c', attrelid::int8, attnum, attname::text FROM col WHERE (SELECT n FROM total) <= %d \
            UNION ALL SELECT 'd', ev_class::int8, refobjid::int8 * 65536 + refobjsubid, NULL FROM dep \
            WHERE (SELECT n FROM total) <= %d \
            ORDER BY 1, 2, 3""";

    private final int cap;
    private final Map<String, String> names = new HashMap<>();
    private final Sink columns = new Sink();
    private final Sink relations = new Sink();
    private final Sink dependencies = new Sink();
    private long[] viewOids = new long[16];
    private int viewCount;
    private long total = -1;
    private boolean disordered;

    public CatalogRows(int cap) {
        this.cap = cap;
    }

    /** The statement to send (simple Query) for a cap of {@code cap} rows. */
    public static String query(int cap) {
        return QUERY.formatted(cap, cap, cap, cap);
    }

    /** One DataRow of the query (text format): kind, two numbers, a name. */
    public void accept(byte[][] row) {
        if (row.length != 4 || row[0] == null || row[0].length != 1 || row[1] == null || row[2] == null) {
            throw new IllegalArgumentException("unexpected catalog row");
        }
        long a = Long.parseLong(new String(row[1], StandardCharsets.US_ASCII));
        long b = Long.parseLong(new String(row[2], StandardCharsets.US_ASCII));
        switch (row[0][0]) {
            case 'n' -> total = a;
            case 'r' -> relations.add(a, b, name(row[3]));
            case 'v' -> view(a);
            case 'c' -> columns.add(ColumnCatalog.key(a, (int) b), 0, name(row[3]));
            case 'd' -> dependencies.add(a, b, null);
            default -> throw new IllegalArgumentException("unexpected catalog row kind");
        }
    }

    /** Whether the database had more than the cap: the session then gets {@link ColumnCatalog#UNAVAILABLE}. */
    public boolean overCap() {
        return total < 0 || total > cap;
    }

    public long total() {
        return total;
    }

    /** The catalog, or {@link ColumnCatalog#UNAVAILABLE} when over the cap or the rows were not sorted. */
    public ColumnCatalog build() {
        disordered |= !columns.sorted() || !relations.sorted() || !dependencies.sorted();
        if (overCap() || disordered) {
            return ColumnCatalog.UNAVAILABLE;
        }
        long[] relationOids = relations.keys();
        boolean[] views = new boolean[relationOids.length];
        for (int v = 0; v < viewCount; v++) {
            int at = Arrays.binarySearch(relationOids, viewOids[v]);
            if (at >= 0) {
                views[at] = true;
            }
        }
        return new ColumnCatalog(true, columns.keys(), columns.names(), relationOids, relations.names(),
                relations.values(), views, dependencies.keys(), dependencies.values());
    }

    private void view(long oid) {
        if (viewCount > 0 && viewOids[viewCount - 1] >= oid) {
            disordered = true;
        }
        if (viewCount == viewOids.length) {
            viewOids = Arrays.copyOf(viewOids, viewCount * 2);
        }
        viewOids[viewCount++] = oid;
    }

    private String name(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("catalog row without a name");
        }
        String name = new String(bytes, StandardCharsets.UTF_8);
        return names.computeIfAbsent(name, n -> n); // "id", "created_at": one String per distinct name
    }

    /** Parallel growable arrays filled in key order (pairs may repeat a key; dependencies do). */
    private static final class Sink {
        private long[] keys = new long[64];
        private long[] values = new long[64];
        private String[] names = new String[64];
        private int size;
        private boolean sorted = true;

        void add(long key, long value, String name) {
            if (size > 0 && (keys[size - 1] > key || keys[size - 1] == key && values[size - 1] >= value)) {
                sorted = false;
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
                names = Arrays.copyOf(names, size * 2);
            }
            keys[size] = key;
            values[size] = value;
            names[size++] = name;
        }

        boolean sorted() {
            return sorted;
        }

        long[] keys() {
            return Arrays.copyOf(keys, size);
        }

        long[] values() {
            return Arrays.copyOf(values, size);
        }

        String[] names() {
            return Arrays.copyOf(names, size);
        }
    }
}
