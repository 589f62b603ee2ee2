package dev.gatehouse.local;

import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;

/**
 * What the suite runs on: PostgreSQL, a Kafka broker, the OIDC issuer, the demo target and (optional)
 * the demo Kubernetes cluster. The
 * local stack starts them on the fixed ports of docs/architecture.md §7; tests take them from the testkit.
 */
public record Infrastructure(PostgresFixture postgres, KafkaFixture kafka, OidcIssuer oidc, EchoTarget echo,
                             DemoCluster cluster) {

    /** Without the demo Kubernetes cluster: the demo-k8s connection then points at an address nobody serves. */
    public Infrastructure(PostgresFixture postgres, KafkaFixture kafka, OidcIssuer oidc, EchoTarget echo) {
        this(postgres, kafka, oidc, echo, null);
    }
}
