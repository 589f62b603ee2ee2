package dev.gatehouse.policy.version;

import dev.gatehouse.policy.PolicyServiceApplication;
import dev.gatehouse.policy.document.ActivePolicy;
import dev.gatehouse.policy.document.PolicySource;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.gatehouse.policy.version.Policies.marker;
import static dev.gatehouse.policy.version.Policies.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code gatehouse.policy.bootstrap-file}: loaded before the service takes requests, or the start fails. */
class PolicyBootstrapIT {

    @TempDir
    Path directory;

    private ConfigurableApplicationContext start(String url, Path file) {
        PostgresFixture postgres = PostgresFixture.shared();
        OidcIssuer oidc = OidcIssuer.shared();
        return PolicyServiceApplication.application().run(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + oidc.issuerUrl(OidcIssuer.INTERNAL),
                "--spring.kafka.bootstrap-servers=" + KafkaFixture.shared().bootstrapServers(),
                "--gatehouse.policy.bootstrap-file=" + file);
    }

    @Test
    void aValidFileBecomesTheActiveVersionOnceAndAgainWhenItChanges() throws IOException {
        String url = PostgresFixture.shared().createDatabase("policy_bootstrap_valid");
        Path file = directory.resolve("policy.yaml");
        String first = policy(marker());
        Files.writeString(file, first);

        try (ConfigurableApplicationContext context = start(url, file)) {
            ActivePolicy active = context.getBean(PolicySource.class).active().orElseThrow();
            assertThat(active.version()).isEqualTo(1);
            assertThat(active.author()).isEqualTo("file:policy.yaml");
        }
        try (ConfigurableApplicationContext context = start(url, file)) {
            assertThat(context.getBean(PolicySource.class).activeVersion()).as("unchanged file, no new version").isEqualTo(1);
        }
        Files.writeString(file, policy(marker()));
        try (ConfigurableApplicationContext context = start(url, file)) {
            assertThat(context.getBean(PolicySource.class).activeVersion()).isEqualTo(2);
        }
    }

    @Test
    void anInvalidFileStopsTheStartNamingFileLineAndField() throws IOException {
        String url = PostgresFixture.shared().createDatabase("policy_bootstrap_invalid");
        Path file = directory.resolve("broken.yaml");
        Files.writeString(file, """
                apiVersion: gatehouse.dev/v1
                rules:
                  - id: r
                    action: alow
                """);

        assertThatThrownBy(() -> start(url, file).close())
                .hasStackTraceContaining("policy bootstrap file " + file + " is invalid")
                .hasStackTraceContaining("line 4, rules[0].action: must be one of allow, deny, review");
    }

    @Test
    void aMissingFileStopsTheStart() {
        String url = PostgresFixture.shared().createDatabase("policy_bootstrap_missing");
        Path file = directory.resolve("nowhere.yaml");

        assertThatThrownBy(() -> start(url, file).close())
                .hasStackTraceContaining("policy bootstrap file " + file + " cannot be read");
    }
}
