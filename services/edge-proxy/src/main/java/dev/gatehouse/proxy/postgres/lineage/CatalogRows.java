package dev.gatehouse.proxy.postgres.lineage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The one catalog query a session runs at login, and the builder of a {@link ColumnCatalog} from its
 * text rows. User relations only (tables, views, materialized views, foreign and partitioned tables;
 * not pg_catalog, information_schema, TOAST, nor temporary tables). Rows come sorted by kind (1 relation,
 * 2 view, 3 column, 4 view dependency; numbers, because a text sort key costs more than the rest of the
 * query) and then by OID, so the arrays are filled in order. At most cap + 1 rows are sent; a database
 * with more gets no catalog (conservative masking, see {@link FieldLineage}) and {@link CatalogCache}
 * skips the query for a while.
 */
public final class CatalogRows {

    private static final String QUERY = """
            WITH rel AS (SELECT c.oid, c.reltype, c.relname, c.relkind FROM pg_catalog.pg_class c \
            WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p') AND c.relpersistence <> 't' AND c.relnamespace NOT IN \
            ('pg_catalog'::pg_catalog.regnamespace, 'information_schema'::pg_catalog.regnamespace)) \
            SELECT 1, oid::int8, reltype::int8, relname::text FROM rel \
            UNION ALL SELECT 2, oid::int8, 0, NULL FROM rel WHERE relkind IN ('v', 'm') \
            UNION ALL SELECT 3, a.attrelid::int8, a.attnum, a.attname::text FROM pg_catalog.pg_attribute a \
            JOIN rel ON rel.oid = a.attrelid WHERE a.attnum > 0 AND NOT a.attisdropped \
            UNION ALL (SELECT DISTINCT 4, r.ev_class::int8, d.refobjid::int8 * 65536 + d.refobjsubid, NULL FROM rel \
            JOIN pg_catalog.pg_rewrite r ON r.ev_class = rel.oid JOIN pg_catalog.pg_depend d \
            ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid \
            WHERE rel.relkind IN ('v', 'm') AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass \
            AND d.refobjsubid >= 0 AND d.refobjid <> r.ev_class) \
            ORDER BY 1, 2, 3 LIMIT %d""";

    private final int cap;
    private final Map<String, String> names = new HashMap<>();
    private final Sink columns = new Sink();
    private final Sink relations = new Sink();
    private final Sink dependencies = new Sink();
    private long[] viewOids = new long[16];
    private int viewCount;
    private long total;
    private boolean disordered;

    public CatalogRows(int cap) {
        this.cap = cap;
    }

    /** The statement to send (simple Query) for a cap of {@code cap} rows. */
    public static String query(int cap) {
        return QUERY.formatted((long) cap + 1);
    }

    /** One DataRow of the query (text format): kind, two numbers, a name. Rows past the cap are only counted. */
    public void accept(byte[][] row) {
        if (++total > cap) {
            return;
        }
        if (row.length != 4 || row[0] == null || row[0].length != 1 || row[1] == null || row[2] == null) {
            throw new IllegalArgumentException("unexpected catalog row");
        }
        long a = Long.parseLong(new String(row[1], StandardCharsets.US_ASCII));
        long b = Long.parseLong(new String(row[2], StandardCharsets.US_ASCII));
        switch (row[0][0]) {
            case '1' -> relations.add(a, b, name(row[3]));
            case '2' -> view(a);
            case '3' -> columns.add(ColumnCatalog.key(a, (int) b), 0, name(row[3]));
            case '4' -> dependencies.add(a, b, null);
            default -> throw new IllegalArgumentException("unexpected catalog row kind");
        }
    }

    /** Whether the database had more rows than the cap: the session then gets {@link ColumnCatalog#UNAVAILABLE}. */
    public boolean overCap() {
        return total > cap;
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
