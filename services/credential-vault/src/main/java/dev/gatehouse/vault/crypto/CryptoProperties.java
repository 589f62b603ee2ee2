package dev.gatehouse.vault.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.util.Map;

/**
 * The keyring of key-encryption keys (KEKs) that wrap the per-secret data keys. Keys never have a
 * default: they come from the environment, a file or a mounted Kubernetes Secret, never from the jar.
 * Several sources combine into one ring; each key has an id stored next to every secret it wraps, so
 * a rotation can tell which rows still need re-wrapping while all of them stay readable.
 *
 * @param keyEncryptionKey single inline key (base64 of 32 bytes), id {@code keyId}; kept from the first version
 * @param keyId            id of the single key given by {@code keyEncryptionKey} or {@code keyFile}
 * @param keyFile          file holding the single key (base64), id {@code keyId}
 * @param keyDir           directory of keys, one file per key named by its id (a mounted Kubernetes Secret)
 * @param keys             key id to base64 key, e.g. {@code GATEHOUSE_VAULT_CRYPTO_KEYS_KEK2}
 * @param activeKeyId      the key new secrets and rotations use; may be omitted when only one key is configured
 */
@ConfigurationProperties(CryptoProperties.PREFIX)
@Validated
@ValidKeyring
record CryptoProperties(String keyEncryptionKey, @DefaultValue("kek-1") String keyId, Path keyFile,
                               Path keyDir, Map<String, String> keys, String activeKeyId) {

    static final String PREFIX = "gatehouse.vault.crypto";
    static final String KEY_PROPERTY = PREFIX + ".key-encryption-key";

    CryptoProperties {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
    }

    /** A ring with one inline key, for tests and the local stack. */
    static CryptoProperties single(String keyId, String base64Key) {
        return new CryptoProperties(base64Key, keyId, null, null, Map.of(), null);
    }

    /** Key material never appears in a log line, an actuator page or an exception. */
    @Override
    public String toString() {
        return "CryptoProperties[keyId=" + keyId + ", keyFile=" + keyFile + ", keyDir=" + keyDir
                + ", keys=" + keys.keySet() + ", activeKeyId=" + activeKeyId + "]";
    }
}
