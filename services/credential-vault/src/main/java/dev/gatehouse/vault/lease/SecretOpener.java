package dev.gatehouse.vault.lease;

import dev.gatehouse.vault.crypto.EnvelopeCipher;
import dev.gatehouse.vault.postgres.TargetDatabase;
import dev.gatehouse.vault.secret.StoredSecret;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Opens stored secrets for the lease flows: the plaintext lives only as long as one call needs it. */
@Component
class SecretOpener {

    private final EnvelopeCipher cipher;

    SecretOpener(EnvelopeCipher cipher) {
        this.cipher = cipher;
    }

    /** @throws dev.gatehouse.vault.crypto.SecretUnreadable when the row does not authenticate */
    String open(StoredSecret stored) {
        byte[] plaintext = cipher.open(stored.binding(), stored.sealed());
        try {
            return new String(plaintext, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The admin login of a POSTGRES_DYNAMIC secret, to mint or drop roles with. */
    TargetDatabase target(StoredSecret stored) {
        return TargetDatabase.of(stored.connection(), stored.settings(), stored.username(), open(stored));
    }
}
