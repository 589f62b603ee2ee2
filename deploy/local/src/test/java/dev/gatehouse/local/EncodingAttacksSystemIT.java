package dev.gatehouse.local;

import dev.gatehouse.testkit.RequiredTool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, item 1, through the whole demo suite: the real classifier and the demo policy (which allow
 * SELECT and SET, and deny DROP by {@code db-no-destructive-ddl}), a role the vault minted for the
 * session, and psql in SJIS, BIG5, GBK and GB18030, chosen at startup, by SET and by set_config. The
 * table the hidden DROP names belongs to the agents' group, so the session role could drop it: only
 * Gatehouse stands in the way, and the table must still be there.
 */
class EncodingAttacksSystemIT extends DemoSuiteTest {

    private static final String SUBJECT = "repo:acme/app:ref:refs/heads/main";
    private static final AtomicInteger VICTIMS = new AtomicInteger();
    private static final Map<String, byte[]> CHARACTER = Map.of("SJIS", new byte[]{(byte) 0x81, 0x5C},
            "BIG5", new byte[]{(byte) 0xA4, 0x5C}, "GBK", new byte[]{(byte) 0x81, 0x5C},
            "GB18030", new byte[]{(byte) 0x81, 0x5C});

    static Stream<Arguments> encodingsAndRoutes() {
        return Stream.of("SJIS", "BIG5", "GBK", "GB18030").flatMap(encoding -> Stream.of("startup", "SET", "set_config")
                .map(route -> Arguments.of(encoding, route)));
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("encodingsAndRoutes")
    void theDemoPolicysDropDenialHoldsInEveryClientEncoding(String encoding, String route) throws Exception {
        String victim = victim();
        String setup = switch (route) {
            case "SET" -> "SET client_encoding = '" + encoding + "'";
            case "set_config" -> "SELECT set_config('client_encoding', '" + encoding + "', false)";
            default -> "SELECT 1";
        };
        String canary = "SELECT 'droppable=' || pg_has_role(current_user, 'demo_agent', 'USAGE')";

        String output = psql(route.equals("startup") ? encoding : null,
                List.of(text(canary), text(setup), attack(CHARACTER.get(encoding), victim)));

        assertThat(tableExists(victim)).as(output).isTrue();
        if (route.equals("startup")) {
            assertThat(output).contains("FATAL:  Gatehouse accepts UTF-8 clients only: client_encoding \"" + encoding + "\"");
        } else {
            assertThat(output).as("the session role owns the victim through its group").contains("droppable=true")
                    .contains("ERROR:  Gatehouse pins client_encoding to UTF8");
        }
    }

    @Test
    void theTrailRecordsTheRefusedEncodingChangeNotAnAllowedRead() throws Exception {
        psql(null, List.of(text("SET client_encoding = 'SJIS'")));

        String auditor = oidc.internalToken("auditor", "gatehouse-auditor");
        URI search = URI.create(suite.url("audit-service") + "/api/v1/events?limit=20&connection="
                + DemoSetup.DB_CONNECTION + "&ruleId=gatehouse-pinned-settings");
        JsonNode refusal = await("the DECISION event of the refused SET").atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode page = JSON.readTree(HTTP.send(HttpRequest.newBuilder(search)
                    .header("Authorization", "Bearer " + auditor).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode event : page.path("items")) {
                if (event.path("kind").asString().equals("DECISION")) {
                    return event;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
        assertThat(refusal.path("verdict").asString()).isEqualTo("DENY");
        assertThat(refusal.path("operation").path("statement").asString()).contains("client_encoding");
    }

    private static String psql(String clientEncoding, List<byte[]> commands) throws Exception {
        List<Path> files = new ArrayList<>();
        StringBuilder script = new StringBuilder("exec '" + RequiredTool.psql() + "' -X -h 127.0.0.1 -p \"$1\" -U ci-job -d \"$2\" -v ON_ERROR_STOP=0");
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "", "sh",
                String.valueOf(suite.proxyPostgresPort()), DemoSetup.DB_CONNECTION));
        for (byte[] sql : commands) {
            Path file = Files.createTempFile("psql-command", ".sql");
            Files.write(file, sql);
            files.add(file);
            command.add(file.toString());
            script.append(" -c \"$(cat \"$").append(command.size() - 4).append("\")\"");
        }
        command.set(2, script.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", agent());
        builder.environment().put("PGSSLMODE", "require");
        builder.environment().put("LC_ALL", "C.UTF-8");
        builder.environment().remove("PGCLIENTENCODING");
        if (clientEncoding != null) {
            builder.environment().put("PGCLIENTENCODING", clientEncoding);
        }
        try {
            Process run = builder.start();
            run.getOutputStream().close();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return output;
        } finally {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** A table of the agents' group, so a session role could drop it if the DROP reached the database. */
    private static String victim() throws SQLException {
        String table = "encoding_victim_" + VICTIMS.incrementAndGet();
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id int)");
            statement.execute("ALTER TABLE " + table + " OWNER TO " + DemoSetup.DB_GROUP_ROLE);
        }
        return table;
    }

    private static boolean tableExists(String table) throws SQLException {
        try (Connection admin = admin(); Statement statement = admin.createStatement();
             ResultSet exists = statement.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            exists.next();
            return exists.getBoolean(1);
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(suite.infra().postgres().jdbcUrl(DemoSetup.DB_DATABASE),
                suite.infra().postgres().username(), suite.infra().postgres().password());
    }

    private static byte[] attack(byte[] character, String victim) {
        ByteArrayOutputStream sql = new ByteArrayOutputStream();
        sql.writeBytes("SELECT E'".getBytes(StandardCharsets.US_ASCII));
        sql.writeBytes(character);
        sql.writeBytes(("'; DROP TABLE " + victim + "; -- '").getBytes(StandardCharsets.US_ASCII));
        return sql.toByteArray();
    }

    private static byte[] text(String sql) {
        return sql.getBytes(StandardCharsets.UTF_8);
    }

    private static String agent() {
        return oidc.ciToken(SUBJECT, Map.of("repository", "acme/app", "ref", "refs/heads/main", "run_id", "99"));
    }
}
