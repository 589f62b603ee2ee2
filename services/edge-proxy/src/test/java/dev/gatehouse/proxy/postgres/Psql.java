package dev.gatehouse.proxy.postgres;

import dev.gatehouse.testkit.RequiredTool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Debian's psql (libpq) as a process against the listener, each command a {@code -c} given as raw
 * bytes (read from a file by the shell, so bytes that are not UTF-8 reach psql unchanged and psql sends
 * each command as one Query message, exactly as typed).
 */
final class Psql {

    record Result(int exit, String output) {
    }

    private Psql() {
    }

    /** {@code environment} adds to (or, with a null value, removes from) psql's environment. */
    static Result run(int port, String token, Map<String, String> environment, List<byte[]> commands)
            throws IOException, InterruptedException {
        List<Path> files = new ArrayList<>();
        StringBuilder script = new StringBuilder("exec '" + RequiredTool.psql() + "' \"$1\" -X -v ON_ERROR_STOP=0");
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "", "sh",
                "host=127.0.0.1 port=" + port + " dbname=" + PgListenerTest.CONNECTION + " user=ci-agent sslmode=require"));
        for (byte[] sql : commands) {
            Path file = Files.createTempFile("psql-command", ".sql");
            Files.write(file, sql);
            files.add(file);
            command.add(file.toString());
            script.append(" -c \"$(cat \"$").append(command.size() - 4).append("\")\"");
        }
        command.set(2, script.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("PGCLIENTENCODING");
        builder.environment().remove("PGOPTIONS");
        builder.environment().put("LC_ALL", "C.UTF-8");
        builder.environment().put("PGPASSWORD", token);
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Result(process.exitValue(), output);
        } finally {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    static byte[] text(String sql) {
        return sql.getBytes(StandardCharsets.UTF_8);
    }
}
