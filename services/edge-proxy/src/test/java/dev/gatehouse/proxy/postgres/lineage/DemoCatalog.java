package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.proxy.masking.MaskingPlan;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The catalog of a small database as the login query returns it (rows sorted by kind, then numbers):
 * users(id, email, plan, api_key, refresh_token) with OID 16385 and row type 16387; orders(id, user_id,
 * amount) 16400; view v_keys(id, k) reading users.id and users.api_key; view v_pub(id, plan) reading
 * users.id and users.plan; view v_whole(j) reading the whole users row; view v_on_v(kk) reading v_keys.k.
 */
final class DemoCatalog {

    static final long USERS = 16385;
    static final long USERS_ROW = 16387;
    static final long ORDERS = 16400;
    static final long V_KEYS = 16392;
    static final long V_PUB = 16415;
    static final long V_WHOLE = 16411;
    static final long V_ON_V = 16427;
    static final long CREATED_LATER = 99999;

    private DemoCatalog() {
    }

    /** The rule of the demo policy: api_key and every *_token column. */
    static MaskingPlan plan() {
        return MaskingPlan.compile(new MaskingDirectives(List.of(), List.of("api_key", "*_token"), List.of("secrets"),
                null, null), null);
    }

    static ColumnCatalog catalog() {
        return rows(1000).build();
    }

    static CatalogRows rows(int cap) {
        CatalogRows rows = new CatalogRows(cap);
        column(rows, USERS, 1, "id");
        column(rows, USERS, 2, "email");
        column(rows, USERS, 3, "plan");
        column(rows, USERS, 4, "api_key");
        column(rows, USERS, 5, "refresh_token");
        column(rows, V_KEYS, 1, "id");
        column(rows, V_KEYS, 2, "k");
        column(rows, ORDERS, 1, "id");
        column(rows, ORDERS, 2, "user_id");
        column(rows, ORDERS, 3, "amount");
        column(rows, V_WHOLE, 1, "j");
        column(rows, V_PUB, 1, "id");
        column(rows, V_PUB, 2, "plan");
        column(rows, V_ON_V, 1, "kk");
        dependency(rows, V_KEYS, USERS, 1);
        dependency(rows, V_KEYS, USERS, 4);
        dependency(rows, V_WHOLE, USERS, 0);
        dependency(rows, V_PUB, USERS, 1);
        dependency(rows, V_PUB, USERS, 3);
        dependency(rows, V_ON_V, V_KEYS, 2);
        relation(rows, USERS, USERS_ROW, "users");
        relation(rows, V_KEYS, 16394, "v_keys");
        relation(rows, ORDERS, 16402, "orders");
        relation(rows, V_WHOLE, 16413, "v_whole");
        relation(rows, V_PUB, 16417, "v_pub");
        relation(rows, V_ON_V, 16429, "v_on_v");
        for (long view : new long[]{V_KEYS, V_WHOLE, V_PUB, V_ON_V}) {
            rows.accept(row("2", view, 0, null));
        }
        return rows;
    }

    static void column(CatalogRows rows, long relation, int attribute, String name) {
        rows.accept(row("3", relation, attribute, name));
    }

    static void dependency(CatalogRows rows, long view, long relation, int attribute) {
        rows.accept(row("4", view, relation * 65536 + attribute, null));
    }

    static void relation(CatalogRows rows, long oid, long rowType, String name) {
        rows.accept(row("1", oid, rowType, name));
    }

    static byte[][] row(String kind, long a, long b, String name) {
        return new byte[][]{kind.getBytes(StandardCharsets.UTF_8), Long.toString(a).getBytes(StandardCharsets.UTF_8),
                Long.toString(b).getBytes(StandardCharsets.UTF_8),
                name == null ? null : name.getBytes(StandardCharsets.UTF_8)};
    }
}
