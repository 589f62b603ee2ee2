package dev.gatehouse.approval.notify;

import org.springframework.context.annotation.Configuration;
import org.springframework.resilience.annotation.EnableResilientMethods;

/** Turns on Spring's {@code @ConcurrencyLimit} (and {@code @Retryable}) for the webhook delivery. */
@Configuration(proxyBeanMethods = false)
@EnableResilientMethods
class ResilienceConfiguration {
}
