package dev.gatehouse.approval.outbox;

import dev.gatehouse.model.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.ProducerListener;

/** The topics this service writes to, created at start when missing (existing ones are left alone). */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfiguration {

    @Bean
    NewTopic approvalsTopic() {
        return TopicBuilder.name(Topics.APPROVALS).partitions(3).build();
    }

    @Bean
    NewTopic auditTopic() {
        return TopicBuilder.name(Topics.AUDIT).partitions(3).build();
    }

    /** Replaces Spring Kafka's default listener, which logs whole record values when a send fails. */
    @Bean
    ProducerListener<Object, Object> quietProducerListener() {
        return new ProducerListener<>() {
        };
    }
}
