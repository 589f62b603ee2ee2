package dev.gatehouse.mysqlsql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MySqlFingerprintTests {

    @Test
    void literalsShareAFingerprint() {
        assertThat(MySqlFingerprint.of("SELECT * FROM t WHERE id = 1 AND n = 'a'"))
                .isEqualTo(MySqlFingerprint.of("select *  FROM t WHERE id = 22 AND n = 'it\\'s'"));
    }

    @Test
    void executableCommentBodiesAndMySqlCommentsCount() {
        assertThat(MySqlFingerprint.of("SELECT 1 /*! INTO OUTFILE '/tmp/x' */")).isNotEqualTo(MySqlFingerprint.of("SELECT 1"));
        assertThat(MySqlFingerprint.of("SELECT 1 # x\n, 2")).isNotEqualTo(MySqlFingerprint.of("SELECT 1"));
        assertThat(MySqlFingerprint.of("SELECT 1 --x")).isNotEqualTo(MySqlFingerprint.of("SELECT 1"));
        assertThat(MySqlFingerprint.of("SELECT `a` FROM t")).isNotEqualTo(MySqlFingerprint.of("SELECT a FROM t"));
        assertThat(MySqlFingerprint.of("SELECT @a")).isNotEqualTo(MySqlFingerprint.of("SELECT `@a`"));
    }

    @Test
    void unreadableTextKeepsItsBytes() {
        assertThat(MySqlFingerprint.of("SELECT 'open")).isNotEqualTo(MySqlFingerprint.of("SELECT 'other"));
    }
}
