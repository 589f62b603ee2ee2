package dev.gatehouse.policy.version;

import dev.gatehouse.model.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The topics this service writes to, created at start when missing (existing topics are left as they
 * are), and the scheduling the {@link PolicyOutbox} runs on.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PolicyKafkaConfiguration {

    /** One partition: every replica's proxies see policy changes in version order. */
    @Bean
    NewTopic policyTopic() {
        return TopicBuilder.name(Topics.POLICY).partitions(1).build();
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
