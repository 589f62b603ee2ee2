package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.proxy.masking.MaskingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which literals and parameters of a statement go into a masked column (demo rule: api_key, *_token; demo
 * catalog: users(id, email, plan, api_key, refresh_token), orders(id, user_id, amount), view v_keys(id, k)).
 * Each case renders the audit copy with {@code ###} for a replaced literal and checks the secret is gone
 * while the other values stay.
 */
class WrittenValuesTests {

    private static final MaskingPlan PLAN = DemoCatalog.plan();
    private static final ColumnCatalog CATALOG = DemoCatalog.catalog();

    private static WrittenValues written(String sql) {
        return WrittenValues.of(sql, PLAN, CATALOG, true);
    }

    private static String audited(String sql) {
        return render(sql, written(sql));
    }

    private static String render(String sql, WrittenValues written) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int s = 0; s < written.spans().length; s += 2) {
            out.append(sql, at, written.spans()[s]).append("###");
            at = written.spans()[s + 1];
        }
        return out.append(sql.substring(at)).toString();
    }

    @Test
    void positionalInsertMasksTheColumnsAtMaskedPositionsByTheCatalogsOrder() {
        assertThat(audited("INSERT INTO users VALUES (1, 'ada@example.com', 'pro', 'KEY1', 'TOK1')"))
                .isEqualTo("INSERT INTO users VALUES (1, 'ada@example.com', 'pro', ###, ###)");
        assertThat(audited("insert into public.users values (1, 'a', 'pro', 'KEY1')"))
                .isEqualTo("insert into public.users values (1, 'a', 'pro', ###)");
    }

    @Test
    void aColumnListInAnotherOrderIsFollowed() {
        assertThat(audited("INSERT INTO users (api_key, id, \"email\") VALUES ('KEY1', 7, 'a@x')"))
                .isEqualTo("INSERT INTO users (api_key, id, \"email\") VALUES (###, 7, 'a@x')");
        assertThat(audited("INSERT INTO users AS u (\"API_KEY\", plan) VALUES (E'KEY1', 'pro')"))
                .isEqualTo("INSERT INTO users AS u (\"API_KEY\", plan) VALUES (###, 'pro')");
    }

    @Test
    void everyRowOfAMultiRowValuesAndEveryLiteralOfAnExpressionIsMasked() {
        assertThat(audited("INSERT INTO users (id, api_key) VALUES (1, 'KEY1'), (2, upper('key2') || 'x'::text), (3, NULL)"))
                .isEqualTo("INSERT INTO users (id, api_key) VALUES (1, ###), (2, upper(###) || ###::text), (3, NULL)");
    }

    @Test
    void bindParametersGoingIntoAMaskedColumnAreNamed() {
        WrittenValues listed = written("INSERT INTO users (id, api_key, plan) VALUES ($1, $2, $3)");
        assertThat(listed.parameters().stream().toArray()).containsExactly(2);
        assertThat(listed.everyParameter()).isFalse();
        WrittenValues positional = written("INSERT INTO users VALUES ($1, $2, $3, $4, $5)");
        assertThat(positional.parameters().stream().toArray()).containsExactly(4, 5);
        assertThat(written("UPDATE users SET api_key = $1 WHERE id = $2").parameters().stream().toArray())
                .containsExactly(1);
    }

    @Test
    void updateSetMasksTheAssignedValueAndAFilterOnAMaskedColumn() {
        assertThat(audited("UPDATE users SET plan = 'pro', api_key = 'KEY1' WHERE id = 1"))
                .isEqualTo("UPDATE users SET plan = 'pro', api_key = ### WHERE id = 1");
        assertThat(audited("UPDATE users u SET plan = 'pro' WHERE u.api_key = 'KEY2' RETURNING id"))
                .isEqualTo("UPDATE users u SET plan = 'pro' WHERE u.api_key = ### RETURNING id");
        assertThat(audited("UPDATE ONLY users SET (plan, api_key) = ('pro', 'KEY1')"))
                .doesNotContain("KEY1");
    }

    @Test
    void onConflictDoUpdateSetIsMasked() {
        assertThat(audited("INSERT INTO users (id, email) VALUES (1, 'a@x') ON CONFLICT (id) DO UPDATE SET "
                + "api_key = 'KEY1', plan = EXCLUDED.plan"))
                .isEqualTo("INSERT INTO users (id, email) VALUES (1, 'a@x') ON CONFLICT (id) DO UPDATE SET "
                        + "api_key = ###, plan = EXCLUDED.plan");
        assertThat(audited("INSERT INTO users (id) VALUES (1) ON CONFLICT DO NOTHING")).doesNotContain("###");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO users (id, api_key) SELECT 1, 'KEY1'",
            "INSERT INTO users SELECT 1, 'a', 'b', 'KEY1'",
            "WITH v AS (SELECT 'KEY1' AS k) INSERT INTO users (id, api_key) SELECT 1, k FROM v",
            "UPDATE users SET api_key = v.k FROM (VALUES ('KEY1')) v(k) WHERE users.id = 1",
            "MERGE INTO users u USING (SELECT 1 AS id, 'KEY1' AS k) s ON u.id = s.id WHEN MATCHED THEN UPDATE SET api_key = s.k",
            "EXPLAIN ANALYZE INSERT INTO users VALUES (1, 'a', 'b', 'KEY1')",
            "INSERT INTO created_later VALUES ('KEY1', 1)",
            "COPY users (id, api_key) FROM STDIN",
            "INSERT INTO users (SELECT 1, 'a', 'b', 'KEY1')",
            "INSERT INTO users (id, api_key) VALUES (1, 'x') UNION SELECT 2, 'KEY1'",
            "INSERT INTO users VALUES (1, 'a', 'b', 'KEY1'); PREPARE p AS INSERT INTO users VALUES ($1, 'KEY1')",
    })
    void writesWhoseValuesCannotBePlacedMaskEveryLiteralAndParameter(String sql) {
        WrittenValues written = written(sql);
        assertThat(render(sql, written)).doesNotContain("KEY1");
        assertThat(written.everyParameter()).isTrue();
    }

    @Test
    void aBackslashInAStringMasksTheLiteralsOfBothReadings() {
        String sql = "INSERT INTO users (api_key, email) VALUES ('KEY1\\', 'x', 'a@x')";
        assertThat(audited(sql)).doesNotContain("KEY1");
    }

    @Test
    void readsAndWritesToRelationsWithoutMaskedColumnsAreUntouched() {
        assertThat(written("SELECT api_key FROM users WHERE id = 1 AND email = 'KEY1'").none()).isTrue();
        assertThat(written("INSERT INTO orders VALUES (1, 2, 300)").none()).isTrue();
        assertThat(written("INSERT INTO orders (id, amount) SELECT id, 1 FROM users").none()).isTrue();
        assertThat(written("UPDATE orders SET amount = 5 WHERE id = 1").none()).isTrue();
        assertThat(written("INSERT INTO created_later (name, note) VALUES ('Ada', 'x')").none())
                .as("a column list needs no catalog").isTrue();
        assertThat(audited("INSERT INTO created_later (name, api_key) VALUES ('Ada', 'KEY1')"))
                .isEqualTo("INSERT INTO created_later (name, api_key) VALUES ('Ada', ###)");
    }

    @Test
    void deleteWritesNoValueButAConditionOnAMaskedColumnIsMasked() {
        assertThat(written("DELETE FROM users WHERE id = 1 AND plan = 'pro'").none()).isTrue();
        assertThat(audited("DELETE FROM users WHERE api_key = 'KEY1' RETURNING id"))
                .isEqualTo("DELETE FROM users WHERE api_key = ### RETURNING id");
    }

    @Test
    void statementsWithoutAWriteWordAreNotLexed() {
        assertThat(WrittenValues.mayWrite("SELECT api_key FROM users WHERE id = $1")).isFalse();
        assertThat(WrittenValues.mayWrite("select 1; InSeRt into t values (1)")).isTrue();
        assertThat(WrittenValues.mayWrite("/* x */ UPDATE t SET a = 1")).isTrue();
        assertThat(written("SELECT 'insert into users values (1)' FROM users").none()).isTrue();
    }

    @Test
    void aMaskedViewsColumnsAreMaskedWhenWrittenThroughTheView() {
        assertThat(audited("INSERT INTO v_keys (id, k) VALUES (1, 'KEY1')"))
                .isEqualTo("INSERT INTO v_keys (id, k) VALUES (###, ###)");
    }

    @Test
    void afterTheSessionChangedRelationsPositionsAreNoLongerTrusted() {
        String sql = "DROP TABLE users; CREATE TABLE users (id int, api_key text, plan text); "
                + "INSERT INTO users VALUES (1, 'KEY1', 'pro')";
        WrittenValues written = written(sql);
        assertThat(written.changesShape()).isTrue();
        assertThat(render(sql, written)).doesNotContain("KEY1");
        assertThat(render("INSERT INTO users VALUES (1, 'KEY1', 'pro')",
                WrittenValues.of("INSERT INTO users VALUES (1, 'KEY1', 'pro')", PLAN, CATALOG, false)))
                .doesNotContain("KEY1");
    }

    @Test
    void withoutACatalogAColumnListStillWorksAndPositionsFailClosed() {
        String listed = "INSERT INTO users (id, api_key, plan) VALUES (1, 'KEY1', 'pro')";
        assertThat(render(listed, WrittenValues.of(listed, PLAN, ColumnCatalog.UNAVAILABLE, true)))
                .isEqualTo("INSERT INTO users (id, api_key, plan) VALUES (1, ###, 'pro')");
        String positional = "INSERT INTO users VALUES (1, 'a', 'pro', 'KEY1')";
        assertThat(render(positional, WrittenValues.of(positional, PLAN, ColumnCatalog.UNAVAILABLE, true)))
                .doesNotContain("KEY1").doesNotContain("'pro'");
    }
}
