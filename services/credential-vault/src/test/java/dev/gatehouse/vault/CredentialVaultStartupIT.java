package dev.gatehouse.vault;

import dev.gatehouse.testkit.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole application refuses to start with a bad KEK, says which property, and never prints it. */
@ExtendWith(OutputCaptureExtension.class)
class CredentialVaultStartupIT {

    @Test
    void refusesToStartWithAShortKeyAndNamesTheProperty(CapturedOutput output) {
        String shortKey = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes());

        assertThatThrownBy(() -> start("gatehouse.vault.crypto.key-encryption-key=" + shortKey)).isNotNull();

        assertThat(output.getAll()).contains("gatehouse.vault.crypto.key-encryption-key").doesNotContain(shortKey);
    }

    @Test
    void refusesToStartWithoutAKey(CapturedOutput output) {
        assertThatThrownBy(() -> start()).isNotNull();

        assertThat(output.getAll()).contains("gatehouse.vault.crypto.key-encryption-key");
    }

    private static void start(String... extra) {
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase("vault_startup_it");
        CredentialVaultApplication.application()
                .properties("server.port=0", "spring.datasource.url=" + url,
                        "spring.datasource.username=" + postgres.username(),
                        "spring.datasource.password=" + postgres.password())
                .properties(extra)
                .run()
                .close();
    }
}
