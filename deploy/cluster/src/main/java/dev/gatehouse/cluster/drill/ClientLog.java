package dev.gatehouse.cluster.drill;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the drill's clients saw, one line per action: {@code <epoch-ms> <kind> <replica> <status> <id>}.
 * kind is {@code http} (id: the Gatehouse-Audit-Id answered, or {@code -}) or {@code sql} (id: the
 * statement's marker); status is the HTTP status (0: no answer) or {@code ok} / the SQLSTATE.
 */
record ClientLog(Path file) {

    record Line(long at, String kind, int replica, String status, String id) {

        boolean succeeded() {
            return status.equals("ok") || status.startsWith("2");
        }

        static Line parse(String text) {
            String[] fields = text.split(" ");
            return new Line(Long.parseLong(fields[0]), fields[1], Integer.parseInt(fields[2]), fields[3], fields[4]);
        }
    }

    BufferedWriter writer() {
        try {
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String format(String kind, int replica, String status, String id) {
        return System.currentTimeMillis() + " " + kind + " " + replica + " " + status + " " + id + "\n";
    }

    List<Line> read() {
        try {
            List<Line> lines = new ArrayList<>();
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!text.isBlank()) {
                    lines.add(Line.parse(text));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
