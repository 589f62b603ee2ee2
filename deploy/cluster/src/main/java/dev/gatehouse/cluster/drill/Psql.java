package dev.gatehouse.cluster.drill;

import dev.gatehouse.cluster.Layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** psql, the PostgreSQL client people and agents use, run once per statement through a proxy's listener. */
final class Psql {

    /** With VERBOSITY verbose psql prints {@code ERROR:  57P03: ...}: the SQLSTATE is the outcome. */
    private static final Pattern SQLSTATE = Pattern.compile("(?:ERROR|FATAL):\\s+([0-9A-Z]{5}):");

    private Psql() {
    }

    static boolean installed() {
        try {
            Process version = new ProcessBuilder("psql", "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Run start(int port, String token, String sql) {
        ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose",
                "-c", sql, "host=" + Layout.HOST + " port=" + port + " dbname=drill-db user=ci sslmode=require connect_timeout=5")
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", token);
        try {
            return new Run(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("psql did not start", e);
        }
    }

    /** One psql process. */
    static final class Run {

        private final Process process;

        private Run(Process process) {
            this.process = process;
        }

        boolean running() {
            return process.isAlive();
        }

        /**
         * {@code ok}, the SQLSTATE psql reported, {@code login-refused} (the listener refused the session:
         * libpq reports a FATAL at connection time without its SQLSTATE), {@code no-connection}, or
         * {@code timeout}; stops psql if it still waits.
         */
        String outcome() {
            try {
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    return "timeout";
                }
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.exitValue() == 0) {
                    return "ok";
                }
                Matcher state = SQLSTATE.matcher(output);
                if (state.find()) {
                    return state.group(1);
                }
                // Refused at login (libpq's message carries no SQLSTATE) or no connection at all.
                return output.contains("FATAL:") ? "login-refused" : "no-connection";
            } catch (IOException e) {
                return "psql-unreadable";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }
}
