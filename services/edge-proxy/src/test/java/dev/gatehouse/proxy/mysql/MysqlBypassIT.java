package dev.gatehouse.proxy.mysql;

import dev.gatehouse.mysqlsql.MyToken;
import dev.gatehouse.mysqlsql.MySqlLexer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL disguises sent through the listener with MariaDB Connector/J (multi-statements on). The policy
 * stub allows what a "reads and inserts" rule allows, statement by statement: the first word is select,
 * insert, set, show, use or a transaction word, with no lexical error, no INTO OUTFILE/DUMPFILE and no
 * LOAD_FILE (the policy-service's MySQL classifier reads these as other kinds; its own corpus is
 * MysqlClassifierTests). Each attack must leave the target as it was: the table {@code victim} with its
 * rows, no file written, and, from MariaDB's general log, no statement naming {@code victim} that
 * changes it ever reached the server; the next statement on the same connection still runs.
 */
class MysqlBypassIT extends MysqlListenerTest {

    private static final Set<String> ALLOWED_HEADS = Set.of("select", "insert", "set", "show", "use", "start",
            "commit", "rollback");
    private static final Set<String> HARMFUL_HEADS = Set.of("drop", "truncate", "delete", "update", "replace", "alter",
            "rename", "create", "prepare", "execute", "handler", "load", "xa", "analyze", "begin", "call", "do");

    @BeforeAll
    static void generalLog() throws Exception {
        // The server writes OUTFILEs as its own user and they outlive it: one left by an earlier run (or a
        // test of the test with the gate disabled) would fail every case of this one.
        Files.deleteIfExists(Path.of("/tmp/gatehouse-outfile"));
        MARIADB.sql("GRANT FILE ON *.* TO " + DB_USER + "@'%'; SET GLOBAL log_output = 'TABLE'; SET GLOBAL general_log = 1");
    }

    @BeforeEach
    void victim() throws SQLException {
        POLICY.decide(MysqlBypassIT::readsAndInserts);
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            statement.execute("CREATE OR REPLACE TABLE victim (id INT)");
            statement.execute("INSERT INTO victim VALUES (1), (2), (3)");
            statement.execute("CREATE OR REPLACE TABLE users (id INT PRIMARY KEY, name VARCHAR(50), api_key VARCHAR(64))");
        }
        MARIADB.sql("TRUNCATE mysql.general_log");
    }

    static String readsAndInserts(String statement) {
        List<MyToken> tokens = MySqlLexer.tokenize(statement).tokens();
        if (tokens.isEmpty() || !ALLOWED_HEADS.contains(tokens.getFirst().value())) {
            return deny("reads-and-inserts");
        }
        for (MyToken token : tokens) {
            if (token.type() == MyToken.Type.ERROR || token.isWord("outfile") || token.isWord("dumpfile")
                    || token.isWord("load_file") || token.isWord("prepare") || token.isWord("execute")) {
                return deny("reads-and-inserts");
            }
        }
        return allow("reads-and-inserts", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DROP TABLE victim",
            "/*! DROP TABLE victim */",
            "/*!50001 DROP TABLE victim */",
            "/*!*/DROP TABLE victim",
            "SELECT 1 /*!; DROP TABLE victim */",
            "SELECT 1 /*! */; TRUNCATE victim",
            "SELECT 1; DROP TABLE victim",
            "SELECT 1;DROP TABLE victim;",
            "SELECT 1 # comment\n; DROP TABLE victim",
            "SELECT 1 # comment\r; DROP TABLE victim",
            "SELECT 1 -- comment\n; DROP TABLE victim",
            "SELECT 1--1; DROP TABLE victim",
            "SELECT 1 #\r\nDROP TABLE victim",
            "SELECT 'a\\'; DROP TABLE victim; -- '",
            "SELECT \"a\\\"; DROP TABLE victim; -- \"",
            "SELECT `a``; DROP TABLE victim; -- `",
            "SELECT 'a''; DROP TABLE victim; -- '",
            "SELECT 1 /*!80000 ; DROP TABLE victim */",
            "SELECT 1 /*!99999 ; DROP TABLE victim */",
            "SELECT 1 /*M! ; DROP TABLE victim */",
            "SELECT 1 /*M!100100 ; DROP TABLE victim */",
            "SELECT 1 /*!500011; DROP TABLE victim */",
            "DrOp TaBlE victim",
            "DROP/**/TABLE victim",
            "DROP TABLE `victim`",
            "TRUNCATE victim",
            "TRUNCATE TABLE victim",
            "SET @s = 'DROP TABLE victim'; PREPARE s FROM @s; EXECUTE s",
            "SET @s = CONCAT('DR', 'OP TABLE victim'); PREPARE s FROM @s; EXECUTE s",
            "PREPARE s FROM 'DELETE FROM victim'",
            "EXECUTE IMMEDIATE 'DELETE FROM victim'",
            "HANDLER victim OPEN",
            "LOAD DATA INFILE '/etc/hostname' INTO TABLE victim",
            "LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE victim",
            "SELECT * FROM victim INTO OUTFILE '" + "/tmp/gatehouse-outfile" + "'",
            "SELECT id FROM victim LIMIT 1 INTO DUMPFILE '/tmp/gatehouse-outfile'",
            "SELECT 1; SELECT * FROM victim INTO OUTFILE '/tmp/gatehouse-outfile'",
            "ALTER TABLE victim DROP COLUMN id",
            "RENAME TABLE victim TO gone",
            "REPLACE INTO victim VALUES (1)",
            "DELETE FROM victim",
            "UPDATE victim SET id = 0",
            "SELECT * FROM victim; DELETE FROM victim",
            "SELECT 1 FROM dual WHERE 1 = 1 /*!; DELETE FROM victim */",
            "INSERT INTO users (id) VALUES (9); DROP TABLE victim",
            "USE mysql; DROP TABLE " + DATABASE + ".victim",
            "SELECT 1 \\N; DROP TABLE victim",
            "SELECT {fn database()}; DROP TABLE victim",
            "SELECT 1\uFF1BDROP TABLE victim",
            "CREATE TRIGGER gone BEFORE INSERT ON victim FOR EACH ROW DELETE FROM victim",
            "CREATE PROCEDURE gone() DROP TABLE victim",
            "BEGIN NOT ATOMIC DELETE FROM victim; END",
            "ANALYZE DELETE FROM victim",
            "XA START 'x'; DELETE FROM victim",
            "SELECT 1; /*!50001 SET NAMES gbk */; SELECT 2",
            "SET NAMES sjis; DROP TABLE victim",
            "SET character_set_client = gbk",
            "SET sql_mode = 'NO_BACKSLASH_ESCAPES'; SELECT 'a\\'; DROP TABLE victim; -- '",
            "SET sql_mode = 'ANSI_QUOTES'",
            "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')",
            "SET STATEMENT sql_mode = 'NO_BACKSLASH_ESCAPES' FOR SELECT 1",
            "SELECT LOAD_FILE('/etc/hostname')",
    })
    void attacksLeaveTheTargetAsItWas(String attack) throws Exception {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            try {
                drain(statement, statement.execute(attack));
            } catch (SQLException refusedOrFailed) {
                // refused by Gatehouse or failed at the server: either way the target must be unchanged
            }
            try (ResultSet next = statement.executeQuery("SELECT 'next statement runs'")) {
                assertThat(next.next()).isTrue();
            }
        }
        assertThat(MysqlListenerIT.directCount("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = '"
                + DATABASE + "' AND table_name = 'victim'")).as("victim table and its column").isEqualTo(1);
        assertThat(MysqlListenerIT.directCount("SELECT COUNT(*) * 100 + SUM(id) FROM victim")).as("victim rows").isEqualTo(306);
        assertThat(Files.exists(Path.of("/tmp/gatehouse-outfile"))).as("no file written by the server").isFalse();
        String received = MARIADB.sql("SELECT REPLACE(REPLACE(argument, '\\n', ' '), '\\r', ' ') FROM mysql.general_log "
                + "WHERE user_host LIKE '" + DB_USER + "%' AND command_type = 'Query'");
        assertThat(received.lines().skip(1).filter(MysqlBypassIT::harmful).toList())
                .as("statements the database received that could change it (read by MySQL's lexer)").isEmpty();
    }

    /**
     * A sample of the disguises as server-side prepared statements (MariaDB Connector/J
     * {@code useServerPrepStmts=true}): COM_STMT_PREPARE is decided by the same lexer, so the same attacks
     * fail the same way; the general log is read for prepared statements too.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "/*! DROP TABLE victim */",
            "/*!50001 DROP TABLE victim */",
            "SELECT 1 # comment\n; DROP TABLE victim",
            "SELECT 1 -- x\n; DELETE FROM victim",
            "SELECT 1 FROM `victim`; TRUNCATE `victim`",
            "SELECT '\\'; DROP TABLE victim; -- '",
            "SELECT * FROM victim INTO OUTFILE '/tmp/gatehouse-outfile'",
            "HANDLER victim OPEN",
            "SET sql_mode = 'ANSI_QUOTES'",
            "SET sql_mode = ?",
            "PREPARE s FROM 'DROP TABLE victim'",
            "INSERT INTO victim SELECT 4 /*!, (SELECT 1 FROM (SELECT SLEEP(0)) x) */; DROP TABLE victim",
    })
    void attacksAsServerPreparedStatementsLeaveTheTargetAsItWas(String attack) throws Exception {
        try (Connection connection = connect(agentToken(), "sslMode=trust&useServerPrepStmts=true")) {
            try (PreparedStatement prepared = connection.prepareStatement(attack)) {
                if (attack.contains("?")) {
                    prepared.setString(1, "ANSI_QUOTES");
                }
                prepared.execute();
            } catch (SQLException refusedOrFailed) {
                // refused by Gatehouse or failed at the server: either way the target must be unchanged
            }
            try (PreparedStatement next = connection.prepareStatement("SELECT ?");
                 ResultSet rows = executeWith(next, "next statement runs")) {
                assertThat(rows.next()).isTrue();
            }
        }
        assertThat(MysqlListenerIT.directCount("SELECT COUNT(*) * 100 + SUM(id) FROM victim")).as("victim rows").isEqualTo(306);
        assertThat(Files.exists(Path.of("/tmp/gatehouse-outfile"))).as("no file written by the server").isFalse();
        String received = MARIADB.sql("SELECT REPLACE(REPLACE(argument, '\\n', ' '), '\\r', ' ') FROM mysql.general_log "
                + "WHERE user_host LIKE '" + DB_USER + "%' AND command_type IN ('Query', 'Prepare', 'Execute')");
        assertThat(received.lines().skip(1).filter(MysqlBypassIT::harmful).toList())
                .as("statements the database received that could change it (read by MySQL's lexer)").isEmpty();
    }

    private static ResultSet executeWith(PreparedStatement statement, String value) throws SQLException {
        statement.setString(1, value);
        return statement.executeQuery();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 'DROP TABLE victim'",
            "SELECT 'a;b', \"c;d\", `id` FROM victim",
            "SELECT 1 -- DROP TABLE victim",
            "SELECT 1 # DROP TABLE victim",
            "SELECT /* DROP TABLE victim; */ 1",
            "SELECT 'it\\'s'",
            "SELECT 'it''s'",
            "SELECT 5--1",
            "/*!40101 SELECT 1 */",
            "SELECT 1 /*! + 1 */",
            "SELECT /*+ MAX_EXECUTION_TIME(1000) */ COUNT(*) FROM victim",
            "SELECT id FROM victim WHERE id = 1",
            "SHOW TABLES",
            "INSERT INTO users (id, name) VALUES (50, 'x;y -- z')",
            "SET NAMES utf8mb4",
            "SET sql_mode = CONCAT(@@sql_mode, ',STRICT_TRANS_TABLES')",
            "SELECT 1; SELECT 2; SELECT 3",
            "SELECT _utf8mb4'x' COLLATE utf8mb4_bin",
            "START TRANSACTION; INSERT INTO users (id) VALUES (51); COMMIT",
            "SELECT `id` FROM `victim` ORDER BY 1 LIMIT 1, 1",
    })
    void lookAlikesRun(String statementText) throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            drain(statement, statement.execute(statementText));
        }
    }

    /** A statement whose first word changes data or schema, or that writes files or changes the pinned settings. */
    private static boolean harmful(String statement) {
        List<MyToken> tokens = MySqlLexer.tokenize(statement).tokens();
        if (tokens.isEmpty()) {
            return false;
        }
        if (HARMFUL_HEADS.contains(tokens.getFirst().value()) || PinnedSettings.refusal(tokens, statement) != null) {
            return true;
        }
        return tokens.stream().anyMatch(t -> t.isWord("outfile") || t.isWord("dumpfile") || t.isWord("load_file"));
    }

    private static void drain(Statement statement, boolean resultSet) throws SQLException {
        boolean more = resultSet;
        while (true) {
            if (more) {
                try (ResultSet rows = statement.getResultSet()) {
                    while (rows.next()) {
                        rows.getObject(1);
                    }
                }
            } else if (statement.getUpdateCount() == -1) {
                return;
            }
            more = statement.getMoreResults();
        }
    }
}
