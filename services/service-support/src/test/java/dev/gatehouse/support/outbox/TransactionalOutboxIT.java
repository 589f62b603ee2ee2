package dev.gatehouse.support.outbox;

import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.PostgresFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The shared outbox on a real PostgreSQL database and a real Kafka broker (and a broker that is not there). */
class TransactionalOutboxIT {

    private static final Duration ACK = Duration.ofMillis(500);
    private static final AtomicInteger TABLES = new AtomicInteger();

    private static DriverManagerDataSource database;
    private static JdbcClient jdbc;
    private static TransactionTemplate transactions;
    private static KafkaTemplate<String, String> kafka;
    private static KafkaTemplate<String, String> absentKafka;
    private static KafkaConsumer<String, String> consumer;
    private static String topic;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        PostgresFixture postgres = PostgresFixture.shared();
        database = new DriverManagerDataSource(postgres.createDatabase("outbox_it"), postgres.username(),
                postgres.password());
        jdbc = JdbcClient.create(database);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(database));
        String servers = KafkaFixture.shared().bootstrapServers();
        kafka = template(servers);
        absentKafka = template("127.0.0.1:1");
        topic = "outbox-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
    }

    @AfterAll
    static void stop() {
        consumer.close();
        kafka.destroy();
        absentKafka.destroy();
    }

    private static KafkaTemplate<String, String> template(String servers) {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_BLOCK_MS_CONFIG, 300,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 300, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600),
                new StringSerializer(), new StringSerializer()));
    }

    /** A fresh outbox table per test, so no test sees another's records. */
    private static OutboxSettings freshTable() {
        String table = "outbox_" + TABLES.incrementAndGet();
        jdbc.sql("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, topic text NOT NULL, record_key text NOT NULL,"
                + " value text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz)").update();
        return new OutboxSettings(table, ACK, Duration.ofDays(1), 50);
    }

    private static TransactionalOutbox outbox(KafkaTemplate<String, String> template, OutboxSettings settings) {
        return new TransactionalOutbox(jdbc, template, JsonMapper.builder().build(), transactions, settings);
    }

    @Test
    void anEventIsSentRightAfterItsTransactionCommitsAndOnlyThen() throws Exception {
        OutboxSettings settings = freshTable();
        try (TransactionalOutbox outbox = outbox(kafka, settings)) {
            String rolledBack = "rolled-back-" + UUID.randomUUID();
            String committed = "committed-" + UUID.randomUUID();

            transactions.executeWithoutResult(status -> {
                outbox.enqueue(topic, rolledBack, Map.of("change", "undone"));
                status.setRollbackOnly();
            });
            transactions.executeWithoutResult(status -> outbox.enqueue(topic, committed, Map.of("change", "done")));

            ConsumerRecord<String, String> record = received(committed);
            assertThat(record.value()).isEqualTo("{\"change\":\"done\"}");
            assertThat(keysSeen()).as("the rolled-back change's event never reached Kafka").doesNotContain(rolledBack);
            assertThat(count(settings, "record_key = '" + rolledBack + "'")).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> count(settings, "sent_at IS NOT NULL") == 1);
        }
    }

    @Test
    void anEventOutsideATransactionIsRefusedAndNotStored() throws Exception {
        OutboxSettings settings = freshTable();
        try (TransactionalOutbox outbox = outbox(kafka, settings)) {
            assertThatThrownBy(() -> outbox.enqueue(topic, "no-transaction", Map.of()))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(count(settings, "true")).isZero();
        }
    }

    @Test
    void anUnacknowledgedEventStaysUnsentAndALaterRoundSendsIt() throws Exception {
        OutboxSettings settings = freshTable();
        String key = "owed-" + UUID.randomUUID();
        try (TransactionalOutbox away = outbox(absentKafka, settings);
             TransactionalOutbox back = outbox(kafka, settings)) {
            transactions.executeWithoutResult(status -> away.enqueue(topic, key, Map.of("n", 1)));
            Thread.sleep(ACK.toMillis() + 200);

            assertThat(away.resendUnsent()).isZero();
            assertThat(count(settings, "sent_at IS NULL")).as("still owed while Kafka is away").isEqualTo(1);

            assertThat(back.resendUnsent()).isEqualTo(1);
            assertThat(received(key).value()).isEqualTo("{\"n\":1}");
            assertThat(count(settings, "sent_at IS NULL")).isZero();
        }
    }

    @Test
    void aRoundSkipsRowsAnotherReplicaHolds() throws Exception {
        OutboxSettings settings = freshTable();
        String key = "held-" + UUID.randomUUID();
        try (TransactionalOutbox away = outbox(absentKafka, settings);
             TransactionalOutbox replica = outbox(kafka, settings)) {
            transactions.executeWithoutResult(status -> away.enqueue(topic, key, Map.of("n", 2)));
            Thread.sleep(ACK.toMillis() + 200);

            try (Connection other = database.getConnection()) {
                other.setAutoCommit(false);
                other.createStatement().execute("SELECT id FROM " + settings.table() + " FOR UPDATE");
                assertThat(replica.resendUnsent()).as("the held row is skipped, not waited for").isZero();
                other.rollback();
            }
            assertThat(keysSeen()).doesNotContain(key);
            assertThat(replica.resendUnsent()).isEqualTo(1);
            received(key);
        }
    }

    @Test
    void aRoundThatCannotReachItsTableFailsQuietlyAndNextRoundTriesAgain() throws Exception {
        OutboxSettings missing = new OutboxSettings("no_such_outbox", ACK, Duration.ofDays(1), 50);
        try (TransactionalOutbox outbox = outbox(kafka, missing)) {
            assertThat(outbox.resendUnsent()).isZero();
        }
    }

    @Test
    void aTableNameThatIsNotAPlainIdentifierIsRefused() {
        assertThatThrownBy(() -> new OutboxSettings("outbox; DROP TABLE x", ACK, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long count(OutboxSettings settings, String where) {
        return jdbc.sql("SELECT count(*) FROM " + settings.table() + " WHERE " + where).query(Long.class).single();
    }

    private ConsumerRecord<String, String> received(String key) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return keysSeen().contains(key);
        });
        return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }

    private List<String> keysSeen() {
        return seen.stream().map(ConsumerRecord::key).toList();
    }
}
