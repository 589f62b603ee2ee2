package dev.gatehouse.vault.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CryptoPropertiesTests {

    private static final String PREFIX = "gatehouse.vault.crypto.";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(CryptoConfiguration.class);

    @TempDir
    Path dir;

    @Test
    void acceptsTheFirstVersionsSingleKeyAndDefaultsItsId() {
        String key = EnvelopeCipherTests.randomKey();
        runner.withPropertyValues(PREFIX + "key-encryption-key=" + key).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EnvelopeCipher.class).activeKeyId()).isEqualTo("kek-1");
            assertThat(context.getBean(CryptoProperties.class).toString()).doesNotContain(key);
        });
    }

    @Test
    void combinesKeysFromPropertiesAFileAndAMountedSecretDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("single.key"), EnvelopeCipherTests.randomKey() + "\n");
        Path secret = Files.createDirectory(dir.resolve("secret"));
        Files.writeString(secret.resolve("kek-3"), EnvelopeCipherTests.randomKey());
        // What Kubernetes puts next to the keys of a mounted Secret: must be ignored.
        Files.createDirectory(secret.resolve("..2024_01_01_00_00_00.1"));
        Files.writeString(secret.resolve("..data"), "not a key");

        runner.withPropertyValues(PREFIX + "key-file=" + file, PREFIX + "key-id=kek-1",
                PREFIX + "keys[kek-2]=" + EnvelopeCipherTests.randomKey(), PREFIX + "key-dir=" + secret,
                PREFIX + "active-key-id=kek-3").run(context -> {
            assertThat(context).hasNotFailed();
            EnvelopeCipher cipher = context.getBean(EnvelopeCipher.class);
            assertThat(cipher.keyIds()).containsExactly("kek-1", "kek-2", "kek-3");
            assertThat(cipher.activeKeyId()).isEqualTo("kek-3");
        });
    }

    @Test
    void theSingleKeyStaysActiveWhenANewKeyIsOnlyAdded() {
        runner.withPropertyValues(PREFIX + "key-encryption-key=" + EnvelopeCipherTests.randomKey(),
                PREFIX + "keys[kek-2]=" + EnvelopeCipherTests.randomKey()).run(context ->
                assertThat(context.getBean(EnvelopeCipher.class).activeKeyId()).isEqualTo("kek-1"));
    }

    @Test
    void failsWithoutAKeyNamingTheProperties() {
        runner.run(context -> assertThat(failureMessages(context.getStartupFailure()))
                .contains(PREFIX + "key-encryption-key").contains(PREFIX + "keys.<id>").contains(PREFIX + "key-dir"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c2hvcnQta2V5LW5vdC1yZWFs", "not base64 at all !!!", "   "})
    void failsOnAKeyThatIsNot32BytesAndNeverShowsIt(String badKey) {
        runner.withPropertyValues(PREFIX + "key-encryption-key=" + badKey).run(context -> {
            String messages = failureMessages(context.getStartupFailure());
            assertThat(messages).contains(PREFIX + "key-encryption-key");
            if (!badKey.isBlank()) {
                assertThat(messages).doesNotContain(badKey);
            }
        });
    }

    @Test
    void failsOnA33ByteKeyInTheRingNamingItsId() {
        String tooLong = Base64.getEncoder().encodeToString(new byte[33]);
        runner.withPropertyValues(PREFIX + "keys[kek-9]=" + tooLong).run(context ->
                assertThat(failureMessages(context.getStartupFailure()))
                        .contains(PREFIX + "keys.kek-9").doesNotContain(tooLong));
    }

    @Test
    void failsOnAnUnreadableKeyFileNamingThePropertyAndPath() {
        Path missing = dir.resolve("missing.key");
        runner.withPropertyValues(PREFIX + "key-file=" + missing).run(context ->
                assertThat(failureMessages(context.getStartupFailure()))
                        .contains(PREFIX + "key-file").contains(missing.toString()));
    }

    @Test
    void failsWhenTheActiveKeyIsNotConfigured() {
        String key = EnvelopeCipherTests.randomKey();
        runner.withPropertyValues(PREFIX + "keys[kek-1]=" + key, PREFIX + "active-key-id=kek-7").run(context ->
                assertThat(failureMessages(context.getStartupFailure()))
                        .contains(PREFIX + "active-key-id").contains("kek-7").doesNotContain(key));
    }

    @Test
    void failsWhenSeveralKeysAndNoneIsActive() {
        runner.withPropertyValues(PREFIX + "keys[kek-1]=" + EnvelopeCipherTests.randomKey(),
                PREFIX + "keys[kek-2]=" + EnvelopeCipherTests.randomKey()).run(context ->
                assertThat(failureMessages(context.getStartupFailure())).contains(PREFIX + "active-key-id"));
    }

    @Test
    void failsWhenTwoSourcesDefineTheSameId() {
        runner.withPropertyValues(PREFIX + "key-encryption-key=" + EnvelopeCipherTests.randomKey(),
                PREFIX + "keys[kek-1]=" + EnvelopeCipherTests.randomKey()).run(context ->
                assertThat(failureMessages(context.getStartupFailure())).contains("kek-1").contains("both define"));
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
