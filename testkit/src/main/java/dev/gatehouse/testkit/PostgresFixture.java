package dev.gatehouse.testkit;

/** A running PostgreSQL server that hands out fresh databases. */
public interface PostgresFixture extends AutoCloseable {

    /** Creates an empty database (dropping any leftover of the same name) and returns its JDBC URL. */
    String createDatabase(String name);

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
