package dev.gatehouse.cli;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * The CLI's files in {@link Context#home()}: {@code token} (the job's OIDC token), {@code session.json}
 * (URL, audience, login time: what later commands and the summary need) and the configs {@code env}
 * writes. Every file is created 0600 in a 0700 directory before anything is written to it.
 */
final class State {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path home;

    State(Context context) {
        this.home = context.home();
    }

    Path home() {
        return home;
    }

    Path file(String name) {
        return home.resolve(name);
    }

    void saveToken(String token) {
        write("token", token);
    }

    String token() {
        Path file = file("token");
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(CliFailure.USAGE, "not logged in: run gatehouse login first");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw CliFailure.error("cannot read " + file + ": " + e.getMessage());
        }
    }

    void saveSession(String url, String audience, Instant loginAt) {
        ObjectNode session = JSON.createObjectNode().put("url", url).put("audience", audience)
                .put("loginAt", loginAt.toString());
        write("session.json", JSON.writeValueAsString(session));
    }

    /** The saved session, or an empty object before any login. */
    JsonNode session() {
        Path file = file("session.json");
        try {
            return Files.isRegularFile(file) ? JSON.readTree(Files.readString(file)) : JSON.createObjectNode();
        } catch (IOException | RuntimeException e) {
            throw CliFailure.error("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Writes {@code name} in the home directory, owner-only from its creation on. */
    Path write(String name, String content) {
        Path target = file(name);
        try {
            Files.createDirectories(home);
            restrict(home, "rwx------");
            Path temp = Files.createTempFile(home, ".tmp-", "");
            restrict(temp, "rw-------");
            Files.writeString(temp, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw CliFailure.error("cannot write " + target + ": " + e.getMessage());
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows runners): the runner's temp directory is the user's own
        }
    }
}
