package dev.gatehouse.pgsql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SqlFingerprintTests {

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT * FROM t WHERE id = 1                      | select * from T where ID = 42
            SELECT 'alice'                                    | SELECT 'bob'
            SELECT E'a\\nb', $$x$$, $q$;$q$, B'01', X'ff'     | SELECT 'x', 'y', 'z', 'w', 'v'
            SELECT 1 -- comment                               | /* other */ SELECT   2
            UPDATE t SET a = 1.5e3 WHERE id = 0x1F            | UPDATE t SET a = 7 WHERE id = 8
            SELECT 'a'\\n'b'                                  | SELECT 'c'
            """)
    void literalsCommentsAndSpacingDoNotMatter(String one, String other) {
        assertThat(SqlFingerprint.of(unescape(one))).isEqualTo(SqlFingerprint.of(unescape(other)));
    }

    @ParameterizedTest(name = "{0} != {1}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT * FROM t                                   | SELECT * FROM u
            SELECT * FROM "T"                                 | SELECT * FROM t
            SELECT 'x'                                        | SELECT "x"
            SELECT 1; SELECT 2                                | SELECT 1, 2
            /* ' */ SELECT 1 /* ' */                          | /* ' */ DROP TABLE t /* ' */
            SELECT $$ ; DROP TABLE t; $$                      | SELECT $$ ; $$; DROP TABLE t; SELECT $$ $$
            SELECT 'a\\'; DROP TABLE t; --'                   | SELECT 'b\\'; SELECT 1; --'
            SELECT 'unterminated ; DROP TABLE t               | SELECT 'unterminated ; SELECT 1
            DELETE FROM t WHERE id = 1                        | DELETE FROM t
            """)
    void differentStatementsDiffer(String one, String other) {
        assertThat(SqlFingerprint.of(unescape(one))).isNotEqualTo(SqlFingerprint.of(unescape(other)));
    }

    @Test
    void longInputIsKeptVerbatim() {
        String padding = "x".repeat(SqlFingerprint.MAX_NORMALIZED_CHARS);

        assertThat(SqlFingerprint.of("SELECT '" + padding + "'")).isNotEqualTo(SqlFingerprint.of("SELECT 'y'"));
    }

    private static String unescape(String text) {
        return text.replace("\\n", "\n").replace("\\\\", "\\");
    }
}
