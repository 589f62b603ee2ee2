package dev.gatehouse.proxy.mysql;

import dev.gatehouse.testkit.RequiredTool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's {@code mariadb} client through the listener: TLS, the token as a cleartext password inside
 * it ({@code --enable-cleartext-plugin}; given in MYSQL_PWD, never on the command line), comments kept
 * ({@code --comments}) so the disguises reach the proxy as typed.
 */
class MysqlCliIT extends MysqlListenerTest {

    record Result(int exit, String output) {
    }

    @BeforeEach
    void table() throws SQLException {
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            statement.execute("CREATE OR REPLACE TABLE users (id INT PRIMARY KEY, name VARCHAR(50), api_key VARCHAR(64))");
            statement.execute("INSERT INTO users VALUES (1, 'ada', 'ak_live_1234567890')");
        }
    }

    @Test
    void dmlAndAMaskedColumn() throws Exception {
        Result result = mariadb(agentToken(), List.of("--ssl"), "INSERT INTO users VALUES (2, 'bob', 'ak_live_abcdef123456'); "
                + "UPDATE users SET name = 'bo' WHERE id = 2; SELECT id, name, api_key FROM users ORDER BY id");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("ada", "bo").doesNotContain("1234567890").doesNotContain("abcdef123456");
    }

    @Test
    void disguisedDropsAreDeniedTheTableStaysAndTheNextStatementRuns() throws Exception {
        Result result = mariadb(agentToken(), List.of("--ssl", "--force"), "/*! DROP TABLE users */; SELECT 'after-1'; "
                + "SELECT 1 # c\n; DROP TABLE users; SELECT 'after-2'; DROP -- c\n TABLE users; SELECT 'after-3'; "
                + "/*!50001 DROP TABLE users */; SELECT COUNT(*) AS remaining FROM users");
        assertThat(result.output()).contains("ERROR 1142", "no-drops", "after-1", "after-2", "after-3", "remaining\n1");
        assertThat(MysqlListenerIT.directCount("SELECT COUNT(*) FROM users")).isEqualTo(1);
    }

    @Test
    void withoutTlsTheClientIsRefusedBeforeItSendsTheToken() throws Exception {
        Result result = mariadb(agentToken(), List.of("--skip-ssl"), "SELECT 1");
        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("requires TLS");
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        Result result = mariadb("not-a-token", List.of("--ssl"), "SELECT 1");
        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("ERROR 1045").doesNotContain("not-a-token");
    }

    private Result mariadb(String token, List<String> options, String sql) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(RequiredTool.mariadb().toString(), "--no-defaults",
                "--enable-cleartext-plugin", "--comments", "--default-character-set=utf8mb4", "-h", "127.0.0.1",
                "-P", Integer.toString(listener.port()), "-u", "ci-agent", "-D", CONNECTION, "--batch",
                "--connect-timeout=30"));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MYSQL_PWD", token);
        Process process = builder.start();
        // the script on stdin, as a CI job pipes a file: --force then goes on after an error
        try (var stdin = process.getOutputStream()) {
            stdin.write(sql.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
