package dev.gatehouse.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Real PostgreSQL 17 binaries from Maven Central (io.zonky), on a free port. Works as root. */
final class EmbeddedPostgresServer implements PostgresFixture {

    private final EmbeddedPostgres postgres;

    EmbeddedPostgresServer() {
        this(0);
    }

    EmbeddedPostgresServer(int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (port > 0) {
                builder.setPort(port);
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    @Override
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl(username(), database);
    }

    @Override
    public String host() {
        return "localhost";
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public String username() {
        return "postgres";
    }

    @Override
    public String password() {
        return "postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For the local stack: a server on a fixed port. */
    static PostgresFixture onPort(int port) {
        return new EmbeddedPostgresServer(port);
    }
}
