package dev.gatehouse.testkit;

import java.util.function.Supplier;

/** Lazily started JVM-wide fixtures, closed by a shutdown hook. */
final class Shared<T extends AutoCloseable> {

    static final Shared<PostgresFixture> POSTGRES = new Shared<>(
            () -> TestInfra.containers() ? new ContainerPostgres() : new EmbeddedPostgresServer());
    static final Shared<KafkaFixture> KAFKA = new Shared<>(KafkaFixture::dedicated);
    static final Shared<MariaDbFixture> MARIADB = new Shared<>(MariaDbFixture::start);
    static final Shared<OidcIssuer> OIDC = new Shared<>(OidcIssuer::start);

    private final Supplier<T> factory;
    private T instance;

    private Shared(Supplier<T> factory) {
        this.factory = factory;
    }

    synchronized T get() {
        if (instance == null) {
            T created = factory.get();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    created.close();
                } catch (Exception ignored) {
                    // the JVM is going away; nothing useful to do with a failed stop
                }
            }, "testkit-shutdown"));
            instance = created;
        }
        return instance;
    }
}
