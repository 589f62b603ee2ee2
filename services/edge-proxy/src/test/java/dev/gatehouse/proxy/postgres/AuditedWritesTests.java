package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.proxy.masking.AuditPayloadMasker.SqlMasked;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.masking.MaskingMetrics;
import dev.gatehouse.proxy.masking.MaskingProperties;
import dev.gatehouse.proxy.postgres.lineage.CatalogRows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit copy of a statement: values written into a masked column replaced, the rest as every detector leaves it. */
class AuditedWritesTests {

    private static final String KEY = "ak_live_51HxQwErTy0987654321zZ";

    private final Masking masking = new Masking(new MaskingProperties(null, "0123456789abcdef0123456789abcdef", null,
            null, null, null), new MaskingMetrics(new SimpleMeterRegistry()));
    private final AuditedWrites writes = new AuditedWrites();

    private static Decision masking(List<String> columns) {
        return new Decision(Verdict.ALLOW, "rule", null, AuditMode.WRITE_AHEAD, null, 1L,
                new MaskingDirectives(List.of(), columns, List.of("secrets"), null, null), null, null);
    }

    @Test
    void aLiteralAndTheSameValueAsAParameterBecomeTheSameColumnToken() {
        writes.loaded(users());
        SqlMasked literal = writes.mask("INSERT INTO users VALUES (1, 'Ada', '" + KEY + "')", null,
                masking(List.of("api_key")), masking);
        SqlMasked bound = writes.mask("INSERT INTO users (id, name, api_key) VALUES ($1, $2, $3)",
                List.of("1", "Ada", KEY), masking(List.of("api_key")), masking);

        assertThat(literal.sql()).doesNotContain(KEY).contains("'Ada'").containsPattern("\\[HMAC:column:[0-9a-f]{16}]");
        assertThat(bound.parameters()).doesNotContain(KEY).startsWith("1", "Ada");
        assertThat(literal.sql()).contains(bound.parameters().get(2));
        assertThat(literal.counts().count("column")).isEqualTo(1);
        assertThat(bound.counts().count("column")).isEqualTo(1);
    }

    @Test
    void aRuleWithoutColumnsLeavesTheStatementToTheDetectors() {
        String sql = "INSERT INTO users VALUES (1, 'Ada', '" + KEY + "')";
        SqlMasked masked = writes.mask(sql, null, masking(List.of()), masking);

        assertThat(masked.sql()).isEqualTo(masking.audit().maskSql(sql, null).sql()).contains(KEY);
    }

    @Test
    void aRuleThatDoesNotCompileMasksEveryLiteralAndParameter() {
        Decision broken = new Decision(Verdict.ALLOW, "rule", null, AuditMode.WRITE_AHEAD, null, 1L,
                new MaskingDirectives(List.of(), List.of("api_key"), List.of("no-such-detector"), null, null), null, null);
        SqlMasked masked = writes.mask("INSERT INTO users VALUES (1, 'Ada', '" + KEY + "')", List.of(KEY), broken, masking);

        assertThat(masked.sql()).doesNotContain(KEY).doesNotContain("'Ada'");
        assertThat(masked.parameters()).doesNotContain(KEY);
    }

    @Test
    void afterTheSessionChangedARelationPositionsAreNoLongerTrusted() {
        writes.loaded(users());
        writes.mask("ALTER TABLE users RENAME COLUMN api_key TO plan", null, masking(List.of("api_key")), masking);
        SqlMasked masked = writes.mask("INSERT INTO users VALUES (1, 'Ada', '" + KEY + "')", null,
                masking(List.of("api_key")), masking);

        assertThat(masked.sql()).doesNotContain(KEY).doesNotContain("'Ada'");
    }

    @Test
    void aPreparedTextReadOnceStillMasksTheValueEachRunWritesIntoAMaskedColumn() {
        writes.loaded(users());
        String sql = "INSERT INTO users (id, name, api_key) VALUES ($1, $2, $3)";
        SqlMasked first = writes.mask(sql, List.of("1", "Ada", KEY), masking(List.of("api_key")), masking);
        SqlMasked second = writes.mask(sql, List.of("2", "Bob", KEY + "2"), masking(List.of("api_key")), masking);

        assertThat(second.parameters()).startsWith("2", "Bob").doesNotContain(KEY + "2");
        assertThat(second.parameters().get(2)).startsWith("[HMAC:column:").isNotEqualTo(first.parameters().get(2));
        assertThat(second.counts().count("column")).isEqualTo(1);
    }

    @Test
    void aPreparedTextIsReadAgainOnceTheSessionChangedARelation() {
        writes.loaded(users());
        String sql = "INSERT INTO users VALUES ($1, $2, $3)";
        SqlMasked trusted = writes.mask(sql, List.of("1", "Ada", KEY), masking(List.of("api_key")), masking);
        writes.mask("ALTER TABLE users RENAME COLUMN api_key TO plan", null, masking(List.of("api_key")), masking);
        SqlMasked after = writes.mask(sql, List.of("1", "Ada", KEY), masking(List.of("api_key")), masking);

        assertThat(trusted.parameters()).as("by position while the catalog is trusted").startsWith("1", "Ada");
        assertThat(after.parameters()).as("every parameter once positions are not").doesNotContain(KEY, "Ada");
    }

    /** users(id, name, api_key) as the login's catalog query returns it. */
    private static dev.gatehouse.proxy.postgres.lineage.ColumnCatalog users() {
        CatalogRows rows = new CatalogRows(100);
        rows.accept(row("1", 16385, 16387, "users"));
        String[] columns = {"id", "name", "api_key"};
        for (int c = 0; c < columns.length; c++) {
            rows.accept(row("3", 16385, c + 1, columns[c]));
        }
        return rows.build();
    }

    private static byte[][] row(String kind, long a, long b, String name) {
        return Arrays.asList(kind, Long.toString(a), Long.toString(b), name).stream()
                .map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }
}
