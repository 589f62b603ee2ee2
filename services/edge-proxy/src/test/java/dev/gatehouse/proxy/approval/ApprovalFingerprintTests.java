package dev.gatehouse.proxy.approval;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalFingerprintTests {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sameOperationGivesTheSameHexSha256() {
        String first = ApprovalFingerprint.http("db-api", "POST", "/rows", "id=5", bytes("{\"a\":1}"));
        String second = ApprovalFingerprint.http("db-api", "POST", "/rows", "id=5", bytes("{\"a\":1}"));

        assertThat(first).isEqualTo(second).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(ApprovalFingerprint.sql("pg", "DELETE FROM t WHERE id=5"))
                .isEqualTo(ApprovalFingerprint.sql("pg", "DELETE FROM t WHERE id=5"));
    }

    @Test
    void anyDifferenceInTheHttpOperationChangesTheHash() {
        String base = ApprovalFingerprint.http("db-api", "POST", "/rows", "id=5", bytes("{\"a\":1}"));

        assertThat(ApprovalFingerprint.http("db-api", "POST", "/rows", "id=5", bytes("{\"a\":2}"))).isNotEqualTo(base);
        assertThat(ApprovalFingerprint.http("db-api", "POST", "/rows", "id=6", bytes("{\"a\":1}"))).isNotEqualTo(base);
        assertThat(ApprovalFingerprint.http("db-api", "POST", "/rows/", "id=5", bytes("{\"a\":1}"))).isNotEqualTo(base);
        assertThat(ApprovalFingerprint.http("db-api", "PUT", "/rows", "id=5", bytes("{\"a\":1}"))).isNotEqualTo(base);
        assertThat(ApprovalFingerprint.http("db-api2", "POST", "/rows", "id=5", bytes("{\"a\":1}"))).isNotEqualTo(base);
        assertThat(ApprovalFingerprint.http("db-api", "POST", "/rows", "id=5", bytes("{\"a\":1} "))).isNotEqualTo(base);
    }

    @Test
    void aBoundHeaderAddedRemovedOrChangedChangesTheHash() {
        byte[] body = bytes("{\"a\":1}");
        String json = ApprovalFingerprint.http("api", "POST", "/rows", null,
                new TreeMap<>(Map.of("content-type", "application/json")), body);

        assertThat(ApprovalFingerprint.http("api", "POST", "/rows", null,
                new TreeMap<>(Map.of("content-type", "text/plain")), body)).isNotEqualTo(json);
        assertThat(ApprovalFingerprint.http("api", "POST", "/rows", null, new TreeMap<>(), body)).isNotEqualTo(json);
        assertThat(ApprovalFingerprint.http("api", "POST", "/rows", null, new TreeMap<>(Map.of(
                "content-type", "application/json", "content-encoding", "gzip")), body)).isNotEqualTo(json);
        assertThat(ApprovalFingerprint.http("api", "POST", "/rows", null,
                new TreeMap<>(Map.of("content-type", "application/json")), body)).isEqualTo(json);
    }

    @Test
    void headerNamesAndValuesCannotTradeBytes() {
        assertThat(ApprovalFingerprint.http("api", "POST", "/rows", null, new TreeMap<>(Map.of("a", "bc")), null))
                .isNotEqualTo(ApprovalFingerprint.http("api", "POST", "/rows", null, new TreeMap<>(Map.of("ab", "c")), null));
        assertThat(ApprovalFingerprint.http("api", "POST", "/rows", null, new TreeMap<>(Map.of("a", "b")), bytes("c")))
                .isNotEqualTo(ApprovalFingerprint.http("api", "POST", "/rows", null, new TreeMap<>(Map.of("a", "bc")),
                        new byte[0]));
    }

    @Test
    void anyDifferenceInTheStatementChangesTheHashEvenWhitespaceOrCase() {
        String base = ApprovalFingerprint.sql("pg", "DELETE FROM users WHERE id = 5");

        assertThat(ApprovalFingerprint.sql("pg", "DELETE FROM users WHERE id = 6")).isNotEqualTo(base);
        assertThat(ApprovalFingerprint.sql("pg", "DELETE FROM users WHERE id =  5")).isNotEqualTo(base);
        assertThat(ApprovalFingerprint.sql("pg", "delete from users where id = 5")).isNotEqualTo(base);
        assertThat(ApprovalFingerprint.sql("pg", "DELETE FROM users")).isNotEqualTo(base);
        assertThat(ApprovalFingerprint.sql("pg2", "DELETE FROM users WHERE id = 5")).isNotEqualTo(base);
    }

    @Test
    void movingBytesAcrossFieldBoundariesDoesNotCollide() {
        assertThat(ApprovalFingerprint.http("ab", "GET", "/c", null, null))
                .isNotEqualTo(ApprovalFingerprint.http("a", "bGET", "/c", null, null));
        assertThat(ApprovalFingerprint.http("db", "GET", "/a?b", "", new byte[0]))
                .isNotEqualTo(ApprovalFingerprint.http("db", "GET", "/a", "?b", new byte[0]));
        assertThat(ApprovalFingerprint.http("db", "POST", "/a", "x=1", bytes("y")))
                .isNotEqualTo(ApprovalFingerprint.http("db", "POST", "/a", "x=1y", new byte[0]));
        assertThat(ApprovalFingerprint.sql("pg", "x;DROP TABLE t"))
                .isNotEqualTo(ApprovalFingerprint.sql("pgx", ";DROP TABLE t"));
    }

    @Test
    void absentQueryIsNotTheEmptyQueryAndHttpNeverEqualsSql() {
        assertThat(ApprovalFingerprint.http("db", "GET", "/a", null, null))
                .isNotEqualTo(ApprovalFingerprint.http("db", "GET", "/a", "", null));
        assertThat(ApprovalFingerprint.sql("db", "GET"))
                .isNotEqualTo(ApprovalFingerprint.http("db", "GET", null, null, null));
    }
}
