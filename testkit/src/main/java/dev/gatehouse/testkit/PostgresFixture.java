package dev.gatehouse.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** A running PostgreSQL server that hands out fresh databases. */
public interface PostgresFixture extends AutoCloseable {

    /** Creates an empty database (dropping any leftover of the same name) and returns its JDBC URL. */
    default String createDatabase(String name) {
        if (!Pattern.matches("[a-z_][a-z0-9_]{0,62}", name)) {
            throw new IllegalArgumentException("database name must be a lower-case identifier: " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), username(), password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return jdbcUrl(name);
    }

    String jdbcUrl(String database);

    String host();

    int port();

    String username();

    String password();

    @Override
    void close();

    /** The JVM-wide server: started once, shared by every test class, stopped at JVM exit. */
    static PostgresFixture shared() {
        return Shared.POSTGRES.get();
    }
}
