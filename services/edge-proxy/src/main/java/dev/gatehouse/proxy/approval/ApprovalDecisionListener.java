package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads {@code gatehouse.approvals.v1} in a consumer group of this replica's own (a broadcast: the
 * replica holding a request must see its decision, whichever replica that is), from the end: decisions
 * made before start concern requests this replica does not hold.
 */
@Configuration(proxyBeanMethods = false)
class ApprovalDecisionListener {

    @Bean
    ConcurrentMessageListenerContainer<String, String> approvalDecisionContainer(KafkaProperties kafka,
                                                                                ApprovalDecisions decisions) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "gatehouse-proxy-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        var factory = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new StringDeserializer());
        ContainerProperties properties = new ContainerProperties(Topics.APPROVALS);
        properties.setMessageListener(decisions);
        properties.setConsumerRebalanceListener(decisions);
        var container = new ConcurrentMessageListenerContainer<>(factory, properties);
        container.setBeanName("approvalDecisionContainer");
        return container;
    }
}
