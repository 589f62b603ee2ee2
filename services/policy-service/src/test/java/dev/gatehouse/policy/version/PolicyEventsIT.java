package dev.gatehouse.policy.version;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.PolicyChanged;
import dev.gatehouse.model.Topics;
import dev.gatehouse.policy.PolicyServiceIT;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.gatehouse.policy.version.Policies.marker;
import static dev.gatehouse.policy.version.Policies.policy;
import static dev.gatehouse.policy.version.Policies.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A stored version reaches Kafka: PolicyChanged for the proxies, POLICY_CHANGED for the audit trail. */
class PolicyEventsIT extends PolicyServiceIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private JdbcClient jdbc;

    private KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    @BeforeEach
    void consumeFromNowOn() {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "policy-events-it", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.POLICY, Topics.AUDIT)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !consumer.partitionsFor(topic).isEmpty());
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void aNewVersionIsAnnouncedOnBothTopicsAndMarkedPublished() throws Exception {
        String marker = marker();
        long version = version(performYaml(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/policies").header("Gatehouse-Policy-Comment", "events " + marker), ADMIN, policy(marker)));

        ConsumerRecord<String, String> changed = next(Topics.POLICY, r -> r.key().equals(Long.toString(version)));
        PolicyChanged event = JSON.readValue(changed.value(), PolicyChanged.class);
        assertThat(event.version()).isEqualTo(version);
        assertThat(event.author()).isEqualTo("alice");
        assertThat(event.rolledBackFrom()).isNull();

        AuditEvent audit = audit(version);
        assertThat(audit.kind()).isEqualTo(AuditEventKind.POLICY_CHANGED);
        assertThat(audit.sessionId()).isEqualTo("policy");
        assertThat(audit.identity().subject()).isEqualTo("alice");
        assertThat(audit.identity().issuer()).isEqualTo(OIDC.issuerUrl(OidcIssuer.INTERNAL));
        assertThat(audit.connection()).isNull();
        assertThat(audit.payload()).contains("\"version\":" + version, PolicyVersions.sha256(policy(marker)), "events " + marker)
                .as("metadata only, never the document").doesNotContain(marker + ".internal");

        await().atMost(Duration.ofSeconds(10)).until(() -> published(version));
    }

    @Test
    void theOutboxResendsAVersionKafkaHasNotAcknowledged() throws Exception {
        long version = version(storePolicy(policy(marker())));
        await().atMost(Duration.ofSeconds(10)).until(() -> published(version));
        AuditEvent first = audit(version);

        // As if Kafka had not acknowledged: the version is active, its events are owed.
        jdbc.sql("UPDATE policy_version SET published = false WHERE version = ?").param(version).update();

        await().atMost(Duration.ofSeconds(30)).until(() -> published(version));
        records(Topics.POLICY, r -> r.key().equals(Long.toString(version)), 2);
        List<ConsumerRecord<String, String>> audits = records(Topics.AUDIT, isAuditOf(version), 2);
        assertThat(JSON.readValue(audits.getLast().value(), AuditEvent.class).id())
                .as("the same event, so the audit trail stores it once").isEqualTo(first.id());
    }

    private boolean published(long version) {
        return jdbc.sql("SELECT published FROM policy_version WHERE version = ?").param(version)
                .query(Boolean.class).single();
    }

    private AuditEvent audit(long version) {
        return JSON.readValue(records(Topics.AUDIT, isAuditOf(version), 1).getLast().value(), AuditEvent.class);
    }

    private static Predicate<ConsumerRecord<String, String>> isAuditOf(long version) {
        return r -> r.key().equals("policy")
                && Long.valueOf(version).equals(JSON.readValue(r.value(), AuditEvent.class).policyVersion());
    }

    private ConsumerRecord<String, String> next(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        return records(topic, wanted, 1).getFirst();
    }

    /** Polls until at least {@code count} records of the topic match; every record polled is kept. */
    private List<ConsumerRecord<String, String>> records(String topic, Predicate<ConsumerRecord<String, String>> wanted,
                                                         int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return matching(topic, wanted).size() >= count;
        });
        return matching(topic, wanted);
    }

    private List<ConsumerRecord<String, String>> matching(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        return seen.stream().filter(r -> r.topic().equals(topic) && r.key() != null && wanted.test(r)).toList();
    }
}
