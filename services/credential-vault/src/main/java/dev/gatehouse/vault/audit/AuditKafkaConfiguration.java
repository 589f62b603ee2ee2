package dev.gatehouse.vault.audit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.ProducerListener;

/**
 * Replaces Spring Kafka's default {@code LoggingProducerListener}, which logs the whole record value
 * on a failed send. {@link AuditTrail} logs failures itself, by event id and kind only.
 */
@Configuration(proxyBeanMethods = false)
class AuditKafkaConfiguration {

    @Bean
    ProducerListener<Object, Object> quietProducerListener() {
        return new ProducerListener<>() {
        };
    }
}
