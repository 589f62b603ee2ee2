package dev.gatehouse.vault.crypto;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The key-encryption key (KEK) that wraps every per-secret data key.
 *
 * @param keyEncryptionKey base64 of exactly 32 bytes (AES-256); no default, it must come from outside the jar
 * @param keyId            stored next to each secret, so a future KEK rotation knows which key wrapped it
 */
@ConfigurationProperties("gatehouse.vault.crypto")
@Validated
@ValidKeyEncryptionKey
record CryptoProperties(String keyEncryptionKey, @DefaultValue("kek-1") @NotBlank String keyId) {

    static final String KEY_PROPERTY = "gatehouse.vault.crypto.key-encryption-key";
    static final int KEY_BYTES = 32;

    /** The decoded key, or {@code null} when it is missing or not 32 bytes of valid base64. */
    byte[] decodedKey() {
        if (keyEncryptionKey == null || keyEncryptionKey.isBlank()) {
            return null;
        }
        try {
            byte[] key = java.util.Base64.getDecoder().decode(keyEncryptionKey.strip());
            return key.length == KEY_BYTES ? key : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /** The key never appears in a log line, an actuator page or an exception. */
    @Override
    public String toString() {
        return "CryptoProperties[keyEncryptionKey=***, keyId=" + keyId + "]";
    }
}
