package dev.gatehouse.audit.ingest;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.util.Map;

@Configuration(proxyBeanMethods = false)
class IngestConfig {

    static final String CONTAINER_FACTORY = "auditBatchListenerFactory";

    /**
     * A batch listener whose offsets are committed by the container with {@link AckMode#BATCH}: the
     * commit happens after the listener method returns, and the listener returns only after the
     * batch's database transaction has committed. A crash in between redelivers the batch, which the
     * idempotent insert absorbs; a failed transaction throws, so nothing is committed and the batch is
     * retried. Plain BATCH (not MANUAL) because there is no case where we want to commit early or
     * partially, and it leaves no acknowledgment to forget.
     */
    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, String> auditBatchListenerFactory(
            KafkaProperties kafka, AuditIngestProperties properties) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        // Forced rather than configurable: records are read as text and parsed here, so that one
        // malformed record is set aside instead of failing deserialization for the whole partition.
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

        var factory = new ConcurrentKafkaListenerContainerFactory<String, String>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config));
        factory.setBatchListener(true);
        factory.setConcurrency(properties.concurrency());
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        factory.setCommonErrorHandler(retryForever());
        return factory;
    }

    /**
     * Created at startup (by Boot's KafkaAdmin) so forwarding a poison record never waits on a missing
     * topic on brokers that do not auto-create topics. Partitions and replication: broker defaults.
     */
    @Bean
    NewTopic auditDeadLetterTopic() {
        return TopicBuilder.name(DeadLetters.TOPIC).build();
    }

    /**
     * Parse failures never reach the error handler (they become rejected_events), so what lands here
     * is the database being unavailable. Retrying the same batch until it succeeds is the only choice
     * that neither drops events nor reorders a session; the backoff keeps a down database from being
     * hammered.
     */
    private static DefaultErrorHandler retryForever() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
