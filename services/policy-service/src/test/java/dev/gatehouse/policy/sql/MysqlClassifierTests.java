package dev.gatehouse.policy.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL classification: a corpus of disguises that a read-write rule (select, insert, update, delete,
 * transaction) must never allow, and look-alikes that it must.
 */
class MysqlClassifierTests {

    private static final SqlClassifier CLASSIFIER = new SqlClassifier();
    private static final Set<SqlKind> READ_WRITE = EnumSet.of(SqlKind.SELECT, SqlKind.INSERT, SqlKind.UPDATE,
            SqlKind.DELETE, SqlKind.TRANSACTION, SqlKind.SHOW);

    /** What an "allow select/insert/update/delete/transaction" rule lets through: every statement parsed and plain. */
    private static boolean readWriteAllows(String sql) {
        SqlAnalysis analysis = CLASSIFIER.classifyMysql(sql);
        return !analysis.statements().isEmpty() && analysis.statements().stream()
                .allMatch(s -> s.parsed() && READ_WRITE.containsAll(s.kinds()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DROP TABLE t",
            "/*! DROP TABLE t */",
            "/*!50001 DROP TABLE t */",
            "SELECT 1 /*!; DROP TABLE t */",
            "SELECT 1 /*!50700 ; DROP TABLE t */",
            "SELECT 1 /*!80000 ; DROP TABLE t */",
            "SELECT 1 /*!99999 ; DROP TABLE t */",
            "SELECT 1 /*M! ; DROP TABLE t */",
            "SELECT 1 /*M!100100 ; DROP TABLE t */",
            "SELECT 1 /*!500011; DROP TABLE t */",
            "SELECT 1 # comment\n; DROP TABLE t",
            "SELECT 1 -- comment\n; DROP TABLE t",
            "SELECT 1--1; DROP TABLE t",
            "SELECT 1 --\t\n; DROP TABLE t",
            "SELECT 'x\\\\'; DROP TABLE t; -- '",
            "SELECT * FROM `t`; DROP TABLE `t`",
            "DROP TABLE `select`",
            "SELECT 1; DROP TABLE t",
            "SELECT 1;DROP TABLE t;",
            "SELECT 1;\nTRUNCATE t",
            "SET @s = 'DROP TABLE t'; PREPARE s FROM @s; EXECUTE s",
            "SET @s = CONCAT('DR', 'OP TABLE t'); PREPARE s FROM @s; EXECUTE s",
            "PREPARE s FROM 'DR' 'OP TABLE t'",
            "DEALLOCATE PREPARE s; DROP TABLE t",
            "HANDLER t READ FIRST",
            "SELECT * FROM t WHERE 1 = 1 /*!; TRUNCATE t */",
            "SELECT 1; /*!50001 SET NAMES gbk */",
            "PREPARE s FROM 'DROP TABLE t'",
            "EXECUTE s",
            "EXECUTE IMMEDIATE 'DROP TABLE t'",
            "HANDLER t OPEN",
            "LOAD DATA INFILE '/etc/passwd' INTO TABLE t",
            "LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE t",
            "load xml local infile 'x.xml' into table t",
            "SELECT * FROM t INTO OUTFILE '/tmp/x'",
            "SELECT * INTO DUMPFILE '/tmp/x' FROM t",
            "SELECT load_file('/etc/passwd')",
            "SELECT LOAD_FILE ('/etc/passwd')",
            "RENAME TABLE t TO u",
            "ALTER TABLE t DROP COLUMN c",
            "CREATE TABLE u (id INT)",
            "GRANT ALL ON *.* TO x",
            "SET GLOBAL general_log = 1",
            "SET @@global.sql_mode = ''",
            "SET PASSWORD = 'x'",
            "SET @x = (SELECT secret FROM t)",
            "DO SLEEP(10)",
            "SELECT SLEEP(10)",
            "SELECT BENCHMARK(1000000, MD5('x'))",
            "FLUSH PRIVILEGES",
            "KILL 1",
            "INSTALL PLUGIN x SONAME 'x.so'",
            "CALL p()",
            "BEGIN NOT ATOMIC DELETE FROM t; END",
            "ANALYZE DELETE FROM t",
            "EXPLAIN ANALYZE DROP TABLE t",
            "LOCK TABLES t WRITE",
            "SELECT 1 /* unterminated",
            "SELECT 'unterminated",
            "SELECT `unterminated",
            "SELECT 1 \\N; DROP TABLE t",
            "SELECT 1\u0000; DROP TABLE t",
            "SELECT {fn database()}",
            "/*! SELECT 1 # */ ; DROP TABLE t\n */",
            "/*! SELECT /* x */ 1 */ ; DROP TABLE t",
            "SELECT X'4G'; DROP TABLE t",
            "USE mysql; DROP TABLE user",
            "XYZZY t",
            "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW DELETE FROM u",
            "SHUTDOWN",
    })
    void bypassesAreNotAllowedByAReadWriteRule(String sql) {
        assertThat(readWriteAllows(sql)).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM t",
            "select id, name from `t` where name = 'DROP TABLE t'",
            "SELECT 'a;b', \"c;d\", `e;f` FROM t",
            "SELECT 1 -- a comment; DROP TABLE t",
            "SELECT 1 # a comment; DROP TABLE t",
            "SELECT /* DROP TABLE t; */ 1",
            "SELECT /*+ MAX_EXECUTION_TIME(1000) */ * FROM t",
            "SELECT 'it''s'",
            "SELECT 'a\\'; DROP TABLE t; -- '",
            "SELECT \"a\\\"; DROP TABLE t; -- \"",
            "SELECT 1 FROM dual WHERE 'a' = 'a\\'; DROP TABLE t; -- '",
            "SELECT `a``; DROP TABLE t; -- `",
            "SELECT 'a''; DROP TABLE t; -- '",
            "SELECT 1 # comment\r; DROP TABLE t\n",
            "SELECT 'it\\'s'",
            "SELECT 5--1",
            "SELECT 5 - -1",
            "INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b')",
            "UPDATE t SET name = 'x' WHERE id = 1",
            "DELETE FROM t WHERE id = 1",
            "SELECT * FROM t WHERE id = ?",
            "SELECT _utf8mb4'x' COLLATE utf8mb4_bin",
            "SELECT @@version",
            "SELECT `select` FROM `from`",
            "START TRANSACTION",
            "COMMIT",
            "ROLLBACK",
            "SHOW TABLES",
            "DESCRIBE t",
            "SELECT * FROM t LIMIT 10, 5",
            "SELECT * FROM t; SELECT * FROM u",
            "/*!40101 SELECT 1 */",
            "SELECT 1 /*! + 1 */",
    })
    void lookAlikesAreAllowedByAReadWriteRule(String sql) {
        assertThat(readWriteAllows(sql)).as(sql + " -> " + CLASSIFIER.classifyMysql(sql)).isTrue();
    }

    @Test
    void executableCommentBodiesAreClassified() {
        SqlAnalysis analysis = CLASSIFIER.classifyMysql("SELECT 1 /*!; DROP TABLE t */");
        assertThat(analysis.statements()).hasSize(2);
        assertThat(analysis.statements().get(1).kinds()).contains(SqlKind.DROP);
    }

    @Test
    void replaceDeletesAndInserts() {
        assertThat(CLASSIFIER.classifyMysql("REPLACE INTO t VALUES (1)").statements().getFirst().kinds())
                .contains(SqlKind.INSERT, SqlKind.DELETE);
    }

    @Test
    void loadDataIsItsOwnKindWithItsTable() {
        SqlStatement statement = CLASSIFIER.classifyMysql("LOAD DATA LOCAL INFILE 'x' INTO TABLE db.t").statements().getFirst();
        assertThat(statement.kinds()).containsExactly(SqlKind.LOAD_DATA);
        assertThat(statement.tables()).containsExactly("db.t");
        assertThat(SqlKind.LOAD_DATA.policyName()).isEqualTo("load-data");
    }

    @Test
    void tablesOfDmlAreRead() {
        SqlStatement statement = CLASSIFIER.classifyMysql("SELECT a.x FROM `shop`.`orders` a JOIN users u ON 1").statements().getFirst();
        assertThat(statement.tables()).contains("shop.orders", "users");
        assertThat(CLASSIFIER.classifyMysql("DELETE FROM t").statements().getFirst().unboundedWrite()).isTrue();
    }

    @Test
    void splitStatementTextIsWhatTheServerRunsPieceByPiece() {
        assertThat(CLASSIFIER.classifyMysql("SELECT 1 ;\n SELECT 2").statements())
                .extracting(SqlStatement::text).containsExactly("SELECT 1", "SELECT 2");
    }
}
