package dev.gatehouse.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One process of the cluster under supervision, as a Kubernetes pod under its controller: started with its
 * command, its output appended to its own log, its pid written where a drill finds it, and started again a
 * second after it dies (a drill's {@code kill -9}) until the cluster stops.
 */
final class Supervised {

    private static final long RESTART_DELAY_MS = 1_000;

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Layout layout;
    private volatile Process process;
    private volatile boolean stopping;
    private int starts;

    Supervised(String name, List<String> command, Map<String, String> environment, Layout layout) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.layout = layout;
    }

    synchronized void start() {
        Path log = layout.logs().resolve(name + ".log");
        try {
            Files.writeString(log, "=== " + Instant.now() + " start " + (++starts) + ": " + String.join(" ", command) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            Files.writeString(layout.pids().resolve(name + ".pid"), process.pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        Process started = process;
        started.onExit().thenRun(() -> restartAfter(started));
    }

    private void restartAfter(Process ended) {
        if (stopping || ended != process) {
            return;
        }
        System.out.printf("%s: %s exited (%d); starting it again%n", Instant.now(), name, ended.exitValue());
        try {
            Thread.sleep(RESTART_DELAY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!stopping) {
            try {
                start();
            } catch (RuntimeException e) {
                System.out.printf("%s: %s could not be started again: %s%n", Instant.now(), name, e.getMessage());
            }
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after the grace period) and does not start it again. */
    void stop(long graceMillis) {
        stopping = true;
        Process running = process;
        if (running == null) {
            return;
        }
        running.descendants().forEach(ProcessHandle::destroy);
        running.destroy();
        try {
            if (!running.waitFor(graceMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                running.descendants().forEach(ProcessHandle::destroyForcibly);
                running.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(layout.pids().resolve(name + ".pid"));
        } catch (IOException ignored) {
            // the directory goes with the cluster's home
        }
    }
}
