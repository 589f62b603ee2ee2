package dev.gatehouse.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command sees of the world: the environment, its output, and its state directory
 * ({@code GATEHOUSE_HOME}; else {@code $RUNNER_TEMP/gatehouse} on a GitHub runner, which the runner
 * deletes after the job; else {@code ~/.gatehouse}). The token and written configs live there, 0600.
 */
record Context(Map<String, String> env, PrintWriter out, PrintWriter err) {

    String get(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    Path home() {
        if (get("GATEHOUSE_HOME") != null) {
            return Path.of(get("GATEHOUSE_HOME"));
        }
        if (get("RUNNER_TEMP") != null) {
            return Path.of(get("RUNNER_TEMP"), "gatehouse");
        }
        return Path.of(System.getProperty("user.home"), ".gatehouse");
    }

    /** The proxy's base URL: {@code --url} or {@code GATEHOUSE_URL}. */
    String url(String option) {
        String url = option != null ? option : get("GATEHOUSE_URL");
        if (url == null) {
            throw new CliFailure(CliFailure.USAGE, "no Gatehouse URL: pass --url or set GATEHOUSE_URL");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
