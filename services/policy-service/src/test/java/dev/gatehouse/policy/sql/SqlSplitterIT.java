package dev.gatehouse.policy.sql;

import dev.gatehouse.testkit.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the splitter against a real PostgreSQL 17: a tricky multi-statement string is sent as ONE
 * simple-protocol Query message (pgjdbc with preferQueryMode=simple, verified with current_query()),
 * and what PostgreSQL executed (statement count, rows written to a trace table, a victim table dropped
 * or not) must equal what running the splitter's statements one by one does.
 */
class SqlSplitterIT {

    private static final SqlClassifier CLASSIFIER = new SqlClassifier();
    private static Connection connection;

    /** What PostgreSQL did with a string: statements run (-1: rejected, nothing ran), trace rows, victim kept. */
    record Outcome(int statements, List<String> trace, boolean victimExists) {
    }

    @BeforeAll
    static void connect() throws SQLException {
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase("sql_splitter_it");
        connection = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "preferQueryMode=simple",
                postgres.username(), postgres.password());
    }

    @AfterAll
    static void disconnect() throws SQLException {
        connection.close();
    }

    static Stream<Arguments> agreeing() {
        return Stream.of(
                Arguments.of("INSERT INTO trace VALUES ('a;b'); INSERT INTO trace VALUES ($$;$$)", 2),
                Arguments.of("/* x /* nested */ ; DROP TABLE victim; */ INSERT INTO trace VALUES ('1')", 1),
                Arguments.of("/* '*/ INSERT INTO trace VALUES ('q'); -- */", 1),
                Arguments.of("-- ; DROP TABLE victim\nINSERT INTO trace VALUES ('1')", 1),
                Arguments.of("INSERT INTO trace VALUES ('1') -- x\r; INSERT INTO trace VALUES ('2')", 2),
                Arguments.of("INSERT INTO trace VALUES (E'x\\'); DROP TABLE victim; --')", 1),
                Arguments.of("INSERT INTO trace VALUES (E'\\\\'); INSERT INTO trace VALUES ('z')", 2),
                Arguments.of("INSERT INTO trace VALUES ('it''s;'); INSERT INTO trace VALUES ('z')", 2),
                Arguments.of("INSERT INTO trace VALUES ('a'\n';'); INSERT INTO trace VALUES ('b')", 2),
                Arguments.of("INSERT INTO trace VALUES ('a' -- c\n\u000b';'); INSERT INTO trace VALUES ('b')", 2),
                Arguments.of("INSERT INTO trace VALUES (U&'\\0027'); DROP TABLE victim", 2),
                Arguments.of("INSERT INTO trace SELECT \"a;b\" FROM (SELECT 'x' AS \"a;b\") s; INSERT INTO trace VALUES ('2')", 2),
                Arguments.of("INSERT INTO trace VALUES ($t1$ $$ ; $t1$); INSERT INTO trace VALUES ($$x$$)", 2),
                Arguments.of("INSERT\u000bINTO\ftrace\tVALUES ('ws');;; DROP TABLE victim", 2),
                Arguments.of("CREATE RULE r AS ON INSERT TO victim DO ALSO (INSERT INTO trace VALUES ('r1'); "
                        + "INSERT INTO trace VALUES ('r2')); INSERT INTO victim VALUES (1)", 2),
                Arguments.of("select 1; dRoP tAbLe \"victim\"", 2),
                Arguments.of("INSERT INTO trace VALUES ((B'01'\n'1')::text)", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agreeing")
    void splitterCutsWherePostgresCuts(String sql, int expectedStatements) throws SQLException {
        // Given what PostgreSQL does with the whole string in one Query message
        Outcome whole = runWhole(sql);
        assertThat(whole.statements()).isEqualTo(expectedStatements);

        // When the splitter cuts it and its statements run one by one
        SqlAnalysis analysis = CLASSIFIER.classify(sql);
        Outcome pieces = runPieces(analysis);

        // Then the cut, and the effects, are PostgreSQL's
        assertThat(analysis.statements()).hasSize(whole.statements());
        assertThat(analysis.anyUnparsed()).as("%s", analysis.statements()).isFalse();
        assertThat(pieces).isEqualTo(whole);
        boolean classifiedDrop = analysis.statements().stream().anyMatch(s -> s.kinds().contains(SqlKind.DROP));
        assertThat(classifiedDrop).isEqualTo(!whole.victimExists());
    }

    static Stream<String> rejectedByPostgres() {
        return Stream.of(
                "DR/**/OP TABLE victim",
                "INSERT INTO trace VALUES (B'01''; DROP TABLE victim; --')",
                "INSERT INTO trace VALUES ('a' /* no newline */ 'b'); DROP TABLE victim",
                "INSERT INTO trace VALUES (1); SELECT 123abc; DROP TABLE victim",
                "INSERT INTO trace VALUES ('x'); DROP TABLE victim; /* unterminated");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedByPostgres")
    void whatPostgresRejectsIsUnparsed(String sql) throws SQLException {
        Outcome whole = runWhole(sql);

        assertThat(whole).isEqualTo(new Outcome(-1, List.of(), true));
        assertThat(CLASSIFIER.classify(sql).anyUnparsed()).isTrue();
    }

    @Test
    void aBackslashThatMovesAQuoteUnderTheOtherSettingIsUnparsed() throws SQLException {
        // PostgreSQL (standard_conforming_strings on) inserts 'x\' and drops the victim ...
        String sql = "INSERT INTO trace VALUES ('x\\'); DROP TABLE victim; --')";
        assertThat(runWhole(sql)).isEqualTo(new Outcome(2, List.of("x\\"), false));

        // ... but with the setting off it would insert one string: the classifier refuses to guess
        assertThat(CLASSIFIER.classify(sql).anyUnparsed()).isTrue();
    }

    @Test
    void sqlStandardFunctionBodiesAreCutMoreFinelyNeverLess() throws SQLException {
        String sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; "
                + "DROP TABLE victim";
        Outcome whole = runWhole(sql);
        assertThat(whole.statements()).isEqualTo(2);

        SqlAnalysis analysis = CLASSIFIER.classify(sql);

        assertThat(analysis.statements()).hasSizeGreaterThan(whole.statements());
        assertThat(analysis.statements().getFirst().kinds()).contains(SqlKind.CREATE);
        assertThat(analysis.statements().getLast().kinds()).contains(SqlKind.DROP);
    }

    @Test
    void oneStringReachesPostgresAsOneQueryMessage() throws SQLException {
        String sql = "SELECT current_query() /* ; */ ; SELECT 2";
        reset();
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute(sql);
            try (ResultSet rs = statement.getResultSet()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(sql);
            }
        }
    }

    private static Outcome runWhole(String sql) throws SQLException {
        reset();
        int statements;
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statements = countResults(statement, statement.execute(sql));
        } catch (SQLException e) {
            statements = -1;
        }
        return new Outcome(statements, trace(), victimExists());
    }

    private static Outcome runPieces(SqlAnalysis analysis) throws SQLException {
        reset();
        int statements = 0;
        for (SqlStatement piece : analysis.statements()) {
            try (Statement statement = connection.createStatement()) {
                statement.setEscapeProcessing(false);
                statements += countResults(statement, statement.execute(piece.text()));
            }
        }
        return new Outcome(statements, trace(), victimExists());
    }

    private static int countResults(Statement statement, boolean isResultSet) throws SQLException {
        int count = 0;
        boolean resultSet = isResultSet;
        while (resultSet || statement.getUpdateCount() != -1) {
            count++;
            resultSet = statement.getMoreResults();
        }
        return count;
    }

    private static void reset() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS trace, victim CASCADE; DROP FUNCTION IF EXISTS f(); "
                    + "CREATE TABLE trace (v text, id serial); CREATE TABLE victim (id int)");
        }
    }

    private static List<String> trace() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT v FROM trace ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static boolean victimExists() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT to_regclass('victim') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
