package dev.gatehouse.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The databases and the drills' connections, registered the way an operator does: SQL for the databases,
 * the admin REST APIs for the policy ({@code cluster-policy.yaml}) and the vault's credentials.
 */
final class Seed {

    /** The drills' database on the target server, and the group role the vault's minted roles join. */
    static final String TARGET_DATABASE = "drill";
    static final String AGENT_ROLE = "drill_agent";

    private final HttpClient http = HttpClient.newHttpClient();

    static void databases() {
        sql(Layout.SERVICES_POSTGRES, "postgres", "CREATE DATABASE gatehouse_policy", "CREATE DATABASE gatehouse_vault",
                "CREATE DATABASE gatehouse_approval", "CREATE DATABASE gatehouse_audit");
        sql(Layout.TARGET_POSTGRES, "postgres", "CREATE DATABASE " + TARGET_DATABASE);
        sql(Layout.TARGET_POSTGRES, TARGET_DATABASE, "CREATE ROLE " + AGENT_ROLE + " NOLOGIN",
                "CREATE TABLE actions (marker uuid PRIMARY KEY, replica text NOT NULL, written_at timestamptz NOT NULL DEFAULT now())",
                "GRANT SELECT, INSERT, DELETE ON actions TO " + AGENT_ROLE);
    }

    void connections() {
        String admin = Tokens.person("cluster-admin", "gatehouse-admin");
        send(admin, Layout.url(Layout.POLICY) + "/api/v1/policies", "application/yaml", policy());
        send(admin, Layout.url(Layout.VAULT) + "/api/v1/secrets/drill-http", "application/json",
                "{\"type\":\"BEARER\",\"secret\":\"drill-upstream-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12)) + "\"}");
        send(admin, Layout.url(Layout.VAULT) + "/api/v1/secrets/drill-db", "application/json", """
                {"type":"POSTGRES_DYNAMIC","username":"%s","secret":"%s","host":"%s","port":%d,"database":"%s",
                 "sslMode":"disable","grantedRoles":["%s"],"connectionLimit":50,"defaultTtl":"1h","maxTtl":"8h"}"""
                .formatted(PostgresServers.USER, PostgresServers.PASSWORD, Layout.HOST, Layout.TARGET_POSTGRES,
                        TARGET_DATABASE, AGENT_ROLE));
    }

    private static String policy() {
        try (InputStream in = Seed.class.getResourceAsStream("/cluster-policy.yaml")) {
            return new String(Objects.requireNonNull(in, "cluster-policy.yaml").readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${ECHO_URL}", Layout.url(Layout.ECHO))
                    .replace("${TARGET_DB_URL}", "postgresql://" + Layout.HOST + ":" + Layout.TARGET_POSTGRES + "/" + TARGET_DATABASE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sql(int port, String database, String... statements) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + Layout.HOST + ":" + port + "/" + database,
                PostgresServers.USER, PostgresServers.PASSWORD);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("setting up database " + database + " on port " + port + " failed", e);
        }
    }

    private void send(String token, String url, String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("PUT " + URI.create(url).getPath() + " answered " + response.statusCode()
                        + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("PUT " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
