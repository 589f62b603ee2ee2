package dev.gatehouse.local;

import dev.gatehouse.testkit.PostgresFixture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo PostgreSQL target behind connection {@code demo-db}: a small schema with a column worth
 * masking ({@code users.api_key}), and one group role that holds exactly what an agent may touch. The
 * vault mints a login role per session into that group, so no agent ever shares the admin login.
 */
final class DemoDatabase {

    private DemoDatabase() {
    }

    static void create(PostgresFixture postgres, String database, String groupRole) {
        postgres.createDatabase(database);
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.username(),
                postgres.password()); Statement statement = admin.createStatement()) {
            // Roles are cluster-wide: a second stack on the same server re-uses the group.
            statement.execute("DO $$ BEGIN CREATE ROLE " + groupRole + " NOLOGIN; "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the demo group role", e);
        }
        try (Connection demo = DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(),
                postgres.password()); Statement statement = demo.createStatement()) {
            statement.execute("""
                    CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, plan text NOT NULL,
                                        api_key text NOT NULL);
                    CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users,
                                         amount_cents bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
                    INSERT INTO users VALUES
                      (1, 'ada@example.com', 'pro', 'ak_demo_4eC39HqLyjWDarjtT1zdp7dc'),
                      (2, 'grace@example.com', 'free', 'ak_demo_9fT28GpKxiVCzqisS0ycn6cb');
                    INSERT INTO orders (user_id, amount_cents) VALUES (1, 4200), (2, 990), (1, 15000);
                    """);
            statement.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + database + " TO " + groupRole);
            // Schema changes are reviewed by policy, then run by the agent's role: it needs CREATE to run them.
            statement.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + groupRole);
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + groupRole);
            statement.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + groupRole);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the demo database", e);
        }
    }
}
