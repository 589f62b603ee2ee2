package dev.gatehouse.proxy.policy;

import dev.gatehouse.model.PolicyChanged;
import dev.gatehouse.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads {@code gatehouse.policy.v1} so every proxy replica drops its decision cache and its connection
 * directory the moment a new policy version is active. Each replica has its own consumer group (a broadcast, not a queue) and
 * starts at the end: only changes after start matter, since the cache starts empty.
 */
@Configuration(proxyBeanMethods = false)
class PolicyChangeListener {

    private static final Logger log = LoggerFactory.getLogger(PolicyChangeListener.class);

    @Bean
    ConcurrentMessageListenerContainer<String, String> policyChangeContainer(KafkaProperties kafka,
                                                                            DecisionCache cache,
                                                                            ConnectionDirectory connections,
                                                                            JsonMapper json) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "edge-proxy-policy-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        var factory = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new StringDeserializer());
        ContainerProperties properties = new ContainerProperties(Topics.POLICY);
        properties.setMessageListener((MessageListener<String, String>) record -> apply(record, cache, connections, json));
        var container = new ConcurrentMessageListenerContainer<>(factory, properties);
        container.setBeanName("policyChangeContainer");
        return container;
    }

    private static void apply(ConsumerRecord<String, String> record, DecisionCache cache,
                              ConnectionDirectory connections, JsonMapper json) {
        try {
            cache.policyChanged(json.readValue(record.value(), PolicyChanged.class).version());
            connections.policyChanged();
        } catch (RuntimeException e) {
            // An unreadable record must not stop the listener; the cache's TTL still bounds staleness.
            log.warn("ignoring unreadable record at {}-{}@{}", record.topic(), record.partition(), record.offset());
        }
    }
}
