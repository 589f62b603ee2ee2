package dev.gatehouse.policy.connection;

import dev.gatehouse.model.Protocol;
import dev.gatehouse.testkit.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The connection table against real PostgreSQL (Flyway V1). */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ContextConfiguration(classes = ConnectionRepositoryIT.Slice.class)
class ConnectionRepositoryIT {

    @Configuration(proxyBeanMethods = false)
    @Import(ConnectionRepository.class)
    static class Slice {
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase("policy_connection_repository_it");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
        registry.add("spring.flyway.locations", () -> "classpath:db/migration/policy-service");
    }

    @Autowired
    ConnectionRepository connections;

    @Test
    void insertsFindsUpdatesAndDeletes() {
        Connection created = connections.insert("echo", Protocol.HTTP, "http://echo:8080", "demo");

        assertThat(created.createdAt()).isNotNull();
        assertThat(connections.find("echo")).contains(created);
        Connection updated = connections.update("echo", Protocol.HTTP, "https://echo", null).orElseThrow();
        assertThat(updated.upstream()).isEqualTo("https://echo");
        assertThat(updated.description()).isNull();
        assertThat(connections.findAll()).extracting(Connection::name).containsExactly("echo");
        assertThat(connections.delete("echo")).isTrue();
        assertThat(connections.find("echo")).isEmpty();
    }

    @Test
    void updatingAMissingConnectionChangesNothing() {
        assertThat(connections.update("missing", Protocol.HTTP, "https://x", null)).isEmpty();
    }

    @Test
    void duplicateNamesAreRefused() {
        connections.insert("twice", Protocol.HTTP, "http://a", null);

        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> connections.insert("twice", Protocol.HTTP, "http://b", null));
    }
}
