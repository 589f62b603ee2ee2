package dev.gatehouse.audit.retention;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on {@code @Scheduled} for the retention job. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RetentionScheduling {
}
