package dev.gatehouse.vault.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CryptoPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(CryptoConfiguration.class);

    @Test
    void acceptsA32ByteKeyAndDefaultsTheKeyId() {
        runner.withPropertyValues("gatehouse.vault.crypto.key-encryption-key=" + EnvelopeCipherTests.randomKey())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(EnvelopeCipher.class).keyId()).isEqualTo("kek-1");
                    assertThat(context.getBean(CryptoProperties.class).toString()).doesNotContain(
                            context.getBean(CryptoProperties.class).keyEncryptionKey());
                });
    }

    @Test
    void failsWithoutAKey() {
        runner.run(context -> assertThat(failureMessages(context.getStartupFailure()))
                .contains("gatehouse.vault.crypto.key-encryption-key"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c2hvcnQta2V5LW5vdC1yZWFs", "not base64 at all !!!", "   "})
    void failsOnAKeyThatIsNot32BytesAndNeverShowsIt(String badKey) {
        runner.withPropertyValues("gatehouse.vault.crypto.key-encryption-key=" + badKey).run(context -> {
            String messages = failureMessages(context.getStartupFailure());
            assertThat(messages).contains("gatehouse.vault.crypto.key-encryption-key");
            if (!badKey.isBlank()) {
                assertThat(messages).doesNotContain(badKey);
            }
        });
    }

    @Test
    void failsOnA33ByteKey() {
        String tooLong = Base64.getEncoder().encodeToString(new byte[33]);
        runner.withPropertyValues("gatehouse.vault.crypto.key-encryption-key=" + tooLong).run(context ->
                assertThat(failureMessages(context.getStartupFailure()))
                        .contains("gatehouse.vault.crypto.key-encryption-key").doesNotContain(tooLong));
    }

    private static String failureMessages(Throwable failure) {
        assertThat(failure).as("startup failure").isNotNull();
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return String.join("\n", messages);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CryptoProperties.class)
    @Import(EnvelopeCipher.class)
    static class CryptoConfiguration {
    }
}
