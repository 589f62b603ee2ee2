package dev.gatehouse.testkit;

/** Fixed-port infrastructure for the one-command local stack (deploy/local). */
public final class LocalInfra {

    private LocalInfra() {
    }

    public static PostgresFixture postgres(int port) {
        return EmbeddedPostgresServer.onPort(port);
    }

    public static KafkaFixture kafka(int port) {
        return EmbeddedKafka.onPort(port);
    }

    public static OidcIssuer oidc(int port) {
        return OidcIssuer.startOnPort(port);
    }
}
