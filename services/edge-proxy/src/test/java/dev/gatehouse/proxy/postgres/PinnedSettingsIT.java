package dev.gatehouse.proxy.postgres;

import dev.gatehouse.testkit.AuditTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static dev.gatehouse.proxy.postgres.EncodingAttacksIT.attack;
import static dev.gatehouse.proxy.postgres.EncodingAttacksIT.tableExists;
import static dev.gatehouse.proxy.postgres.EncodingAttacksIT.victim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pinned settings against the other routes: standard_conforming_strings (off, a backslash ends no
 * plain string: {@code 'x\'; SELECT '} is one string and what follows runs), the spellings of SET and
 * set_config in both protocols, and a change the proxy cannot see (a function calling set_config), alone
 * and with the next statement pipelined behind it.
 */
class PinnedSettingsIT extends PgListenerTest {

    /**
     * Valid UTF-8, U+0101 and a backslash (C4 81 5C), that SJIS reads as a half-width katakana (C4) and a
     * two-byte character (81 5C) that swallows the backslash: text that passes the proxy's UTF-8 check
     * and still hides the DROP from a reader that does not know the encoding changed.
     */
    private static final byte[] UTF8_THAT_SJIS_SPLITS = "\u0101\\".getBytes(StandardCharsets.UTF_8);
    private static AuditTopic audit;

    @BeforeAll
    static void hiddenSwitch() throws SQLException {
        audit = new AuditTopic(KAFKA.bootstrapServers());
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            statement.execute("CREATE OR REPLACE FUNCTION gatehouse_test_switch(setting text, value text) RETURNS text "
                    + "LANGUAGE sql AS $$ SELECT set_config(setting, value, false) $$");
        }
    }

    @AfterAll
    static void closeAudit() {
        audit.close();
    }

    @BeforeEach
    void decideLikeTheDemoPolicy() {
        POLICY.decide(DestructiveDdlPolicy::decide);
    }

    private static byte[] validUtf8Attack(String victim) {
        byte[] attack = attack(UTF8_THAT_SJIS_SPLITS, victim);
        assertThat(DestructiveDdlPolicy.allows(new String(attack, StandardCharsets.UTF_8))).isTrue();
        return attack;
    }

    /** Under standard_conforming_strings = off this runs the DROP; the classifier reads it with the setting on. */
    private static String conformingStringsAttack(String victim) {
        String attack = "SELECT 'x\\'; SELECT '; DROP TABLE " + victim + "; --'";
        assertThat(DestructiveDdlPolicy.allows(attack)).as("read with the setting on: two SELECTs").isTrue();
        return attack;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SET standard_conforming_strings = off", "SET SESSION standard_conforming_strings TO false",
            "SELECT set_config('standard_conforming_strings', 'off', false)", "PGOPTIONS"})
    void standardConformingStringsCannotBeTurnedOff(String route) throws Exception {
        String victim = victim();
        boolean startup = route.equals("PGOPTIONS");
        Psql.Result result = Psql.run(listener.port(), agentToken(),
                startup ? Map.of("PGOPTIONS", "-c standard_conforming_strings=off") : Map.of(),
                List.of(Psql.text(startup ? "SELECT 1" : route), Psql.text(conformingStringsAttack(victim))));

        assertThat(tableExists(victim)).as(result.output()).isTrue();
        assertThat(result.output()).contains(startup ? "FATAL:  Gatehouse pins standard_conforming_strings to on"
                : "ERROR:  Gatehouse pins standard_conforming_strings to on");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SET SESSION \"Client_Encoding\" TO sjis", "SET NAMES 'SJIS'",
            "SELECT 1; SET LOCAL client_encoding = 'SJIS'", "SET U&\"client_\\0065ncoding\" = 'SJIS'",
            "select SET_CONFIG('CLIENT_ENCODING', 'sjis', false)", "SELECT pg_catalog.set_config(U&'client_\\0065ncoding', 'SJIS', false)",
            "SELECT set_config(current_setting('application_name'), 'SJIS', false)",
            "UPDATE pg_settings SET setting = 'SJIS' WHERE name = 'client_encoding'"})
    void everySpellingOfAnEncodingChangeIsRefusedInBothProtocols(String sql) throws SQLException {
        for (String mode : List.of("extended", "simple")) {
            Properties properties = new Properties();
            properties.setProperty("preferQueryMode", mode);
            try (Connection connection = connect(agentToken(), properties); Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute(sql)).as(mode).isInstanceOfSatisfying(SQLException.class,
                        e -> {
                            assertThat(e.getSQLState()).isEqualTo("0A000");
                            assertThat(e.getMessage()).contains("Gatehouse");
                        });
                try (ResultSet rows = statement.executeQuery("SHOW client_encoding")) {
                    rows.next();
                    assertThat(rows.getString(1)).as(mode).isEqualTo("UTF8");
                }
            }
        }
    }

    /** The upstream StartupMessage outranks role and database defaults, and RESET returns to it. */
    @Test
    void thePinnedValuesBeatTheDatabasesDefaultsAndResetReturnsToThem() throws SQLException {
        try (Connection direct = direct(); Statement admin = direct.createStatement()) {
            admin.execute("ALTER DATABASE " + DATABASE + " SET client_encoding = 'SJIS'");
            admin.execute("ALTER DATABASE " + DATABASE + " SET standard_conforming_strings = off");
            try (Connection connection = connect(agentToken()); Statement statement = connection.createStatement()) {
                for (String reset : List.of("SELECT 1", "RESET ALL", "RESET client_encoding", "DISCARD ALL")) {
                    statement.execute(reset);
                    try (ResultSet rows = statement.executeQuery("SELECT current_setting('client_encoding'), "
                            + "current_setting('standard_conforming_strings')")) {
                        rows.next();
                        assertThat(rows.getString(1)).as(reset).isEqualTo("UTF8");
                        assertThat(rows.getString(2)).as(reset).isEqualTo("on");
                    }
                }
            } finally {
                admin.execute("ALTER DATABASE " + DATABASE + " RESET ALL");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"client_encoding", "standard_conforming_strings"})
    void aChangeTheProxyCannotSeeEndsTheSessionAndIsAudited(String setting) throws Exception {
        String victim = victim();
        boolean encoding = setting.equals("client_encoding");
        Psql.Result result = Psql.run(listener.port(), agentToken(), Map.of(), List.of(
                Psql.text("SELECT gatehouse_test_switch('" + setting + "', '" + (encoding ? "SJIS" : "off") + "')"),
                encoding ? validUtf8Attack(victim) : Psql.text(conformingStringsAttack(victim))));

        assertThat(tableExists(victim)).as(result.output()).isTrue();
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output()).contains("FATAL:  Gatehouse ended the session: the database reports " + setting);
        JsonNode ended = AuditTopic.json(audit.await(event -> event.path("kind").asString().equals("SESSION_ENDED")
                && event.path("operation").path("attributes").path("endedBecause").asString().contains(setting)));
        assertThat(ended.path("identity").path("claims").path("repository").asString()).isEqualTo("acme/app");
    }

    @Test
    void aStatementPipelinedBehindAHiddenEncodingChangeNeverRuns() throws Exception {
        String victim = victim();
        List<RawPgClient.Message> answers = pipeline(2, query(text("SELECT gatehouse_test_switch('client_encoding', 'SJIS')")),
                query(validUtf8Attack(victim)));

        assertThat(tableExists(victim)).isTrue();
        assertThat(errors(answers)).contains("Gatehouse ended the session: the database reports client_encoding");
    }

    @Test
    void aStatementPipelinedBehindAHiddenConformingStringsChangeNeverRuns() throws Exception {
        String victim = victim();
        List<RawPgClient.Message> answers = pipeline(2, query(text("SELECT gatehouse_test_switch('standard_conforming_strings', 'off')")),
                query(text(conformingStringsAttack(victim))));

        assertThat(tableExists(victim)).isTrue();
        assertThat(errors(answers)).contains("Gatehouse ended the session: the database reports standard_conforming_strings");
    }

    /**
     * In an extended pipeline the function's change is not reported before the Sync, and waiting for that
     * would wait for the client: the proxy sets the pinned settings again right before the next non-ASCII
     * text, so PostgreSQL reads it as the proxy did (one SELECT of a string, and still UTF8 afterwards).
     * A single Parse cannot carry a second command; what would be at stake is one statement read two ways.
     */
    @Test
    void anExtendedPipelineReadsNonAsciiTextAfterAnUnsyncedExecuteAsTheProxyDid() throws Exception {
        String victim = victim();
        List<RawPgClient.Message> answers = pipeline(2,
                parse(text("SELECT gatehouse_test_switch('client_encoding', 'SJIS')")), bind(), describe(), execute(),
                parse(validUtf8Attack(victim)), bind(), describe(), execute(), RawPgClient.message('S', new byte[0]),
                query(text("SHOW client_encoding")));

        assertThat(tableExists(victim)).isTrue();
        assertThat(errors(answers)).isEmpty();
        assertThat(firstColumns(answers)).containsExactly("SJIS", "\u0101'; DROP TABLE " + victim + "; -- ", "UTF8");
    }

    /** Logs in, writes every message at once, and reads until {@code readies} ReadyForQuery or the proxy closes. */
    private List<RawPgClient.Message> pipeline(int readies, byte[]... messages) throws IOException {
        List<RawPgClient.Message> answers = new java.util.ArrayList<>();
        try (RawPgClient client = RawPgClient.tls(listener.port())) {
            client.login(CONNECTION, agentToken());
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] message : messages) {
                all.writeBytes(message);
            }
            client.write(all.toByteArray());
            client.flush();
            for (int ready = 0; ready < readies; ) {
                RawPgClient.Message answer = client.read();
                answers.add(answer);
                ready += answer.type() == 'Z' ? 1 : 0;
            }
            return answers;
        } catch (EOFException | SocketTimeoutException | java.net.SocketException | javax.net.ssl.SSLException end) {
            return answers;
        }
    }

    private static String errors(List<RawPgClient.Message> answers) {
        StringBuilder errors = new StringBuilder();
        answers.stream().filter(message -> message.type() == 'E')
                .forEach(message -> errors.append(new String(message.body(), StandardCharsets.UTF_8)).append('\n'));
        return errors.toString();
    }

    private static List<String> firstColumns(List<RawPgClient.Message> answers) {
        return answers.stream().filter(message -> message.type() == 'D').map(message -> {
            java.nio.ByteBuffer row = java.nio.ByteBuffer.wrap(message.body());
            row.getShort();
            byte[] value = new byte[row.getInt()];
            row.get(value);
            return new String(value, StandardCharsets.UTF_8);
        }).toList();
    }

    private static byte[] text(String sql) {
        return sql.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] query(byte[] sql) {
        return RawPgClient.message('Q', terminated(sql));
    }

    private static byte[] parse(byte[] sql) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.writeBytes(terminated(sql));
        body.writeBytes(new byte[]{0, 0});
        return RawPgClient.message('P', body.toByteArray());
    }

    private static byte[] bind() {
        return RawPgClient.message('B', new byte[]{0, 0, 0, 0, 0, 0, 0, 0});
    }

    private static byte[] describe() {
        return RawPgClient.message('D', new byte[]{'P', 0});
    }

    private static byte[] execute() {
        return RawPgClient.message('E', new byte[]{0, 0, 0, 0, 0});
    }

    private static byte[] terminated(byte[] bytes) {
        byte[] terminated = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        terminated[bytes.length] = 0;
        return terminated;
    }
}
