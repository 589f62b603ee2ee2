package dev.gatehouse.proxy.postgres;

import dev.gatehouse.testkit.RequiredTool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** pgbench initialises (DDL, COPY FROM STDIN, VACUUM) and runs its pipelines through the listener. */
class PgbenchThroughProxyIT extends PgListenerTest {

    @Test
    void initialisesAndRunsInEveryQueryMode() throws Exception {
        Result init = pgbench("-i", "-s", "1", "-q");
        assertThat(init.exit()).as(init.output()).isZero();

        for (String mode : List.of("simple", "extended", "prepared")) {
            Result run = pgbench("-M", mode, "-c", "2", "-t", "25", "-n");
            assertThat(run.exit()).as(mode + ": " + run.output()).isZero();
            assertThat(run.output()).contains("number of transactions actually processed: 50/50");
            System.out.println("pgbench -M " + mode + " through the proxy: " + run.output().lines()
                    .filter(line -> line.startsWith("tps")).findFirst().orElse("?"));
        }
    }

    private Result pgbench(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(RequiredTool.pgbench().toString()));
        command.addAll(List.of(arguments));
        command.add("host=127.0.0.1 port=" + listener.port() + " dbname=" + CONNECTION + " user=ci-agent sslmode=require");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", agentToken());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exit, String output) {
    }
}
