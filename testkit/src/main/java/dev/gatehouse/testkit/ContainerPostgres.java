package dev.gatehouse.testkit;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL from Testcontainers, for machines with Docker ({@code -Dgatehouse.testinfra=containers}). */
final class ContainerPostgres implements PostgresFixture {

    static final String IMAGE = "postgres:17.6-alpine";

    private final PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);

    ContainerPostgres() {
        container.start();
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(5432);
    }

    @Override
    public String username() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public void close() {
        container.stop();
    }
}
