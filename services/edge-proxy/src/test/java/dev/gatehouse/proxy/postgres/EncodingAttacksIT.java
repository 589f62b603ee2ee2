package dev.gatehouse.proxy.postgres;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14, item 1: in a client encoding whose second byte can be 0x5C, {@code SELECT E'<lead>\'; DROP
 * TABLE t; -- '} is one SELECT for a UTF-8 reader and a SELECT, a DROP and a comment for PostgreSQL. The
 * real psql tries it in each such encoding, chosen at startup, by SET and by set_config, against a
 * policy that denies DROP: the table must survive (checked on a direct connection) and psql must get a
 * clear error. UTF-8 and C-locale psql and pgjdbc keep working.
 */
class EncodingAttacksIT extends PgListenerTest {

    private static final AtomicInteger VICTIMS = new AtomicInteger();

    /** A character of each encoding whose second byte is a backslash for a UTF-8 (or ASCII) reader. */
    private static final Map<String, byte[]> CHARACTER = Map.of(
            "SJIS", new byte[]{(byte) 0x81, 0x5C},     // U+2015 HORIZONTAL BAR
            "BIG5", new byte[]{(byte) 0xA4, 0x5C},     // U+4E48
            "GBK", new byte[]{(byte) 0x81, 0x5C},      // U+4E57
            "GB18030", new byte[]{(byte) 0x81, 0x5C}); // U+4E57

    enum Route { STARTUP, SET, SET_CONFIG }

    @BeforeEach
    void decideLikeTheDemoPolicy() {
        POLICY.decide(DestructiveDdlPolicy::decide);
    }

    static Stream<Arguments> encodingsAndRoutes() {
        return Stream.of("SJIS", "BIG5", "GBK", "GB18030")
                .flatMap(encoding -> Stream.of(Route.values()).map(route -> Arguments.of(encoding, route)));
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("encodingsAndRoutes")
    void aStatementHiddenByAClientEncodingNeverRuns(String encoding, Route route) throws Exception {
        String victim = victim();
        Map<String, String> environment = new HashMap<>();
        String setup = switch (route) {
            case STARTUP -> {
                environment.put("PGCLIENTENCODING", encoding);
                yield "SELECT 1";
            }
            case SET -> "SET client_encoding = '" + encoding + "'";
            case SET_CONFIG -> "SELECT set_config('client_encoding', '" + encoding + "', false)";
        };

        byte[] attack = attack(CHARACTER.get(encoding), victim);
        assertThat(DestructiveDdlPolicy.allows(new String(attack, StandardCharsets.UTF_8)))
                .as("read as UTF-8 the attack is one SELECT").isTrue();

        Psql.Result result = Psql.run(listener.port(), agentToken(), environment, List.of(Psql.text(setup), attack));

        assertThat(tableExists(victim)).as(result.output()).isTrue();
        if (route == Route.STARTUP) {
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.output()).contains("FATAL:  Gatehouse accepts UTF-8 clients only: client_encoding \""
                    + encoding + "\"").contains("PGCLIENTENCODING=UTF8");
        } else {
            assertThat(result.output()).contains("ERROR:  Gatehouse pins client_encoding to UTF8")
                    .contains("ERROR:  invalid byte sequence for encoding \"UTF8\"");
        }
    }

    /** libpq sends client_encoding=auto resolved from the locale: SQL_ASCII under C, UTF8 under C.UTF-8. */
    @ParameterizedTest(name = "LC_ALL={0}")
    @ValueSource(strings = {"C", "C.UTF-8"})
    void psqlWorksUnderTheCAndTheUtf8LocaleWithPgDumpsSettingHeader(String locale) throws Exception {
        Psql.Result result = Psql.run(listener.port(), agentToken(), Map.of("LC_ALL", locale, "LANG", locale), List.of(
                Psql.text("SET client_encoding = 'UTF8'; SET standard_conforming_strings = on; "
                        + "SELECT pg_catalog.set_config('search_path', '', false)"),
                Psql.text("SELECT 'caf\u00e9' AS word, current_setting('client_encoding') AS encoding, "
                        + "current_setting('standard_conforming_strings') AS conforming, 'a\\b' AS backslash")));

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("caf\u00e9").contains("UTF8").contains("| on").contains("a\\b")
                .doesNotContain("ERROR");
    }

    @Test
    void pgjdbcKeepsWorkingInUtf8AndCannotLeaveIt() throws SQLException {
        try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT 'gr\u00fc\u00dfe \u4e57' AS word, "
                    + "current_setting('client_encoding'), current_setting('standard_conforming_strings')")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("gr\u00fc\u00dfe \u4e57");
                assertThat(rows.getString(2)).isEqualTo("UTF8");
                assertThat(rows.getString(3)).isEqualTo("on");
            }
            assertThatThrownBy(() -> statement.execute("SET client_encoding TO 'SJIS'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("0A000");
                        assertThat(e.getMessage()).contains("Gatehouse pins client_encoding to UTF8");
                    });
            statement.execute("SET NAMES 'utf-8'"); // the pinned value again is no change
            // several statements in one string: pgjdbc pipelines them without a Sync in between
            assertThat(statement.execute("SELECT 1; SELECT 'gr\u00fc\u00dfe'; SELECT 'a\\b'")).isTrue();
            assertThat(statement.getMoreResults()).isTrue();
            try (ResultSet rows = statement.getResultSet()) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("gr\u00fc\u00dfe");
            }
            assertThat(statement.getMoreResults()).isTrue();
            try (ResultSet rows = statement.getResultSet()) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("a\\b");
            }
            try (ResultSet rows = statement.executeQuery("SHOW client_encoding")) {
                rows.next();
                assertThat(rows.getString(1)).as("the session went on, still in UTF-8").isEqualTo("UTF8");
            }
        }
    }

    static String victim() throws SQLException {
        String table = "enc_victim_" + VICTIMS.incrementAndGet() + "_" + ProcessHandle.current().pid();
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id int)");
        }
        return table;
    }

    static boolean tableExists(String table) throws SQLException {
        try (Connection direct = direct(); Statement statement = direct.createStatement();
             ResultSet exists = statement.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            exists.next();
            return exists.getBoolean(1);
        }
    }

    /** {@code SELECT E'<character>'; DROP TABLE <victim>; -- '} in the client's bytes. */
    static byte[] attack(byte[] character, String victim) {
        ByteArrayOutputStream sql = new ByteArrayOutputStream();
        sql.writeBytes("SELECT E'".getBytes(StandardCharsets.US_ASCII));
        sql.writeBytes(character);
        sql.writeBytes(("'; DROP TABLE " + victim + "; -- '").getBytes(StandardCharsets.US_ASCII));
        return sql.toByteArray();
    }
}
