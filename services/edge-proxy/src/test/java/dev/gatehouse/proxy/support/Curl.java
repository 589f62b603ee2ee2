package dev.gatehouse.proxy.support;

import dev.gatehouse.testkit.RequiredTool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** curl as a CI job runs it (HTTP/1.1, a bearer token), its {@code -i} output read back: status, headers, body. */
public record Curl(int status, Map<String, String> headers, String body) {

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public static Curl run(String token, String... args) {
        List<String> command = new ArrayList<>(List.of(RequiredTool.curl().toString(), "-sS", "-i", "--http1.1", "--max-time", "20",
                "-H", "Authorization: Bearer " + token));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return parse(new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Curl parse(String output) {
        // An interim "100 Continue" comes first when curl sent Expect: skip it to the final response.
        while (output.startsWith("HTTP/1.1 100")) {
            output = output.substring(output.indexOf("\r\n\r\n") + 4);
        }
        String[] parts = output.split("\r\n\r\n", 2);
        String[] lines = parts[0].split("\r\n");
        assertThat(lines[0]).as("curl output: %s", output).startsWith("HTTP/");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(), (a, b) -> a + "," + b);
        }
        return new Curl(Integer.parseInt(lines[0].split(" ")[1]), headers, parts.length > 1 ? parts[1] : "");
    }
}
