package dev.gatehouse.proxy.masking;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RowMaskerTests {

    private final MaskingEngine engine = new MaskingEngine();

    @Test
    void columnGlobsMaskWholeValuesCaseInsensitively() {
        RowMasker rows = engine.rows(List.of("id", "Card_Number", "SSN", "notes"), Plans.columns("card_*", "ssn"));

        List<String> masked = rows.maskStrings(Arrays.asList("7", "4111111111111111", "anything", "call jane@example.com"));

        assertThat(masked).containsExactly("7", "[REDACTED:column]", "[REDACTED:column]", "call [REDACTED:email]");
        assertThat(rows.counts().asMap()).containsEntry("column", 2).containsEntry("email", 1);
    }

    @Test
    void secretNamedColumnsGetTheSecretValueCheck() {
        RowMasker rows = engine.rows(List.of("db_password", "password_hint"), Plans.allRedact());

        List<String> masked = rows.maskStrings(List.of("Tr0ub4dor&3x", "first pet"));

        assertThat(masked).containsExactly("[REDACTED:secret-assignment]", "first pet");
    }

    @Test
    void nullsStayNullAndUntouchedValuesAreTheSameArrays() {
        RowMasker rows = engine.rows(List.of("a", "b", "c"), Plans.allRedact());
        byte[] clean = "plain value".getBytes(StandardCharsets.UTF_8);
        byte[] secret = "AKIAIOSFODNN7EXAMPLE".getBytes(StandardCharsets.UTF_8);
        byte[][] row = {clean, null, secret};

        rows.mask(row);

        assertThat(row[0]).isSameAs(clean);
        assertThat(row[1]).isNull();
        assertThat(new String(row[2], StandardCharsets.UTF_8)).isEqualTo("[REDACTED:aws-access-key]");
        assertThat(rows.counts().total()).isEqualTo(1);
    }
}
