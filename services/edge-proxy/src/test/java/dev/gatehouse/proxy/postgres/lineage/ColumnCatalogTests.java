package dev.gatehouse.proxy.postgres.lineage;

import org.junit.jupiter.api.Test;

import static dev.gatehouse.proxy.postgres.lineage.DemoCatalog.CREATED_LATER;
import static dev.gatehouse.proxy.postgres.lineage.DemoCatalog.ORDERS;
import static dev.gatehouse.proxy.postgres.lineage.DemoCatalog.USERS;
import static dev.gatehouse.proxy.postgres.lineage.DemoCatalog.USERS_ROW;
import static dev.gatehouse.proxy.postgres.lineage.DemoCatalog.V_KEYS;
import static dev.gatehouse.proxy.postgres.lineage.DemoCatalog.V_ON_V;
import static dev.gatehouse.proxy.postgres.lineage.DemoCatalog.V_PUB;
import static dev.gatehouse.proxy.postgres.lineage.DemoCatalog.V_WHOLE;
import static org.assertj.core.api.Assertions.assertThat;

class ColumnCatalogTests {

    private final MaskedSources masked = DemoCatalog.catalog().masked(DemoCatalog.plan());

    @Test
    void aSourceColumnIsMaskedByItsOwnNameWhateverTheResultCallsIt() {
        assertThat(masked.maskedColumn(USERS, 4)).as("users.api_key").isTrue();
        assertThat(masked.maskedColumn(USERS, 5)).as("users.refresh_token by *_token").isTrue();
        assertThat(masked.maskedColumn(USERS, 1)).as("users.id").isFalse();
        assertThat(masked.maskedColumn(USERS, 3)).as("users.plan").isFalse();
        assertThat(masked.maskedColumn(ORDERS, 2)).isFalse();
    }

    @Test
    void everyColumnOfAViewReadingAMaskedColumnIsMaskedAndSoAreViewsOnIt() {
        assertThat(masked.maskedColumn(V_KEYS, 2)).as("v_keys.k renames api_key").isTrue();
        assertThat(masked.maskedColumn(V_KEYS, 1)).as("the view cannot say which column shows api_key").isTrue();
        assertThat(masked.maskedColumn(V_ON_V, 1)).as("a view on that view").isTrue();
        assertThat(masked.maskedColumn(V_WHOLE, 1)).as("a view reading the whole users row").isTrue();
        assertThat(masked.maskedColumn(V_PUB, 1)).as("a view reading only id and plan").isFalse();
        assertThat(masked.viewColumns("v_keys")).containsExactlyInAnyOrder("id", "k");
        assertThat(masked.viewColumns("v_pub")).isNull();
    }

    @Test
    void relationsHoldingAMaskedColumnAreKnownByNameOidAndRowType() {
        assertThat(masked.holdsMasked(USERS)).isTrue();
        assertThat(masked.holdsMasked(V_KEYS)).isTrue();
        assertThat(masked.holdsMasked(ORDERS)).isFalse();
        assertThat(masked.holdsMasked(V_PUB)).isFalse();
        assertThat(masked.namesMaskedRelation("users")).isTrue();
        assertThat(masked.namesMaskedRelation("v_on_v")).isTrue();
        assertThat(masked.namesMaskedRelation("orders")).isFalse();
        assertThat(masked.maskedRowType(USERS_ROW)).isTrue();
        assertThat(masked.knowsColumn(USERS, 2)).isTrue();
        assertThat(masked.knowsColumn(USERS, 9)).isFalse();
        assertThat(masked.knowsRelation(CREATED_LATER)).isFalse();
    }

    @Test
    void aDatabaseOverTheCapGetsNoCatalogAndThenEveryRelationCounts() {
        CatalogRows rows = new CatalogRows(10);
        for (int attribute = 1; attribute <= 11; attribute++) {
            DemoCatalog.column(rows, USERS, attribute, "c" + attribute);
        }

        ColumnCatalog catalog = rows.build();

        assertThat(rows.overCap()).isTrue();
        assertThat(catalog.available()).isFalse();
        MaskedSources everything = catalog.masked(DemoCatalog.plan());
        assertThat(everything.everythingUnknown()).isTrue();
        assertThat(everything.holdsMasked(ORDERS)).isTrue();
        assertThat(everything.namesMaskedRelation("orders")).isTrue();
        assertThat(everything.maskedColumn(USERS, 4)).as("nothing is attributed: the statement's text decides").isFalse();
    }

    @Test
    void rowsOutOfOrderGiveNoCatalog() {
        CatalogRows disordered = new CatalogRows(100);
        DemoCatalog.column(disordered, USERS, 2, "email");
        DemoCatalog.column(disordered, USERS, 1, "id");
        assertThat(disordered.build().available()).isFalse();
    }

    @Test
    void aDatabaseFoundOverTheCapIsNotAskedAgainForAWhile() {
        CatalogCache cache = new CatalogCache();
        assertThat(cache.oversized("db")).isFalse();
        cache.foundOversized("db");
        assertThat(cache.oversized("db")).isTrue();
        assertThat(cache.oversized("other")).isFalse();
    }

    @Test
    void sessionsOfAnUnchangedDatabaseShareOneCatalogAndItsMaskedSources() {
        CatalogCache cache = new CatalogCache();
        ColumnCatalog first = cache.share("db", DemoCatalog.catalog());
        ColumnCatalog second = cache.share("db", DemoCatalog.catalog());

        var plan = DemoCatalog.plan();
        assertThat(second).isSameAs(first);
        assertThat(second.masked(plan)).isSameAs(first.masked(plan));

        CatalogRows changed = DemoCatalog.rows(1000);
        DemoCatalog.column(changed, CREATED_LATER, 1, "x");
        assertThat(cache.share("db", changed.build())).isNotSameAs(first);
    }

    @Test
    void theQueryNamesOnlyCatalogsByQualifiedNameAndCarriesTheCap() {
        String sql = CatalogRows.query(1234);
        assertThat(sql).contains("pg_catalog.pg_attribute").contains("pg_catalog.pg_rewrite").endsWith("LIMIT 1235")
                .doesNotContain("%d");
    }
}
