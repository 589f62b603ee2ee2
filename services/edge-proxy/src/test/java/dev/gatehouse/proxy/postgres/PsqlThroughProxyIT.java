package dev.gatehouse.proxy.postgres;

import dev.gatehouse.testkit.RequiredTool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real psql client (libpq) runs a script through the listener, over TLS, with the JWT as PGPASSWORD. */
class PsqlThroughProxyIT extends PgListenerTest {

    @Test
    void aScriptRunsStatementByStatementAndADeniedDropLeavesTheSessionUsable() throws Exception {
        String script = """
                CREATE TABLE IF NOT EXISTS psql_items (id int, name text);
                TRUNCATE psql_items;
                INSERT INTO psql_items VALUES (1, 'one'), (2, 'two');
                SELECT 'count=' || count(*) FROM psql_items;
                DROP TABLE psql_items;
                SELECT 'after-deny ' || count(*) FROM psql_items;
                BEGIN;
                DELETE FROM psql_items;
                ROLLBACK;
                SELECT 'after-rollback ' || count(*) FROM psql_items;
                """;
        Result result = psql(agentToken(), script);

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("count=2")
                .contains("ERROR:  permission denied by Gatehouse policy rule no-drops")
                .contains("after-deny 2")
                .contains("after-rollback 2");
    }

    @Test
    void aWrongTokenEndsPsqlWithAnAuthenticationFailure() throws Exception {
        Result result = psql("not-a-token", "SELECT 1;");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output()).contains("password authentication failed").doesNotContain("not-a-token");
    }

    private Result psql(String token, String script) throws IOException, InterruptedException {
        Path file = Files.createTempFile("psql-script", ".sql");
        Files.writeString(file, script);
        ProcessBuilder builder = new ProcessBuilder(List.of(RequiredTool.psql().toString(),
                "host=127.0.0.1 port=" + listener.port() + " dbname=" + CONNECTION + " user=ci-agent sslmode=require",
                "-X", "-v", "ON_ERROR_STOP=0", "-f", file.toString()))
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", token);
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Files.deleteIfExists(file);
        return new Result(process.exitValue(), output);
    }

    private record Result(int exit, String output) {
    }
}
