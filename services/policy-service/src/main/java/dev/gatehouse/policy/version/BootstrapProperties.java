package dev.gatehouse.policy.version;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * {@code gatehouse.policy.bootstrap-file}: a policy document read at every start, before the service
 * takes requests. Unset: nothing is loaded and the policy is managed over the API alone.
 */
@ConfigurationProperties("gatehouse.policy")
record BootstrapProperties(Path bootstrapFile) {
}
