package dev.gatehouse.vault.crypto;

import org.springframework.stereotype.Component;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;

/**
 * Envelope encryption: each secret gets its own random AES-256 data key (AES-GCM, 96-bit random
 * nonce), and that data key is wrapped by a key-encryption key (KEK) of the {@link Keyring}, with
 * AES-GCM as well. The secret layer authenticates the {@link SecretBinding}; the wrapping layer
 * authenticates the connection and the KEK id. Because the secret layer does not depend on the KEK, a
 * rotation only re-wraps the 32-byte data key and never touches the secret's ciphertext.
 */
@Component
public class EnvelopeCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int DATA_KEY_BYTES = 32;

    private final Keyring keyring;
    private final SecureRandom random = new SecureRandom();

    EnvelopeCipher(CryptoProperties properties) {
        // @Validated already ran the same checks; a failure here still names the property, never the key.
        this.keyring = Keyring.load(properties);
    }

    public SealedSecret seal(SecretBinding binding, byte[] plaintext) {
        byte[] dataKey = randomBytes(DATA_KEY_BYTES);
        try {
            byte[] nonce = randomBytes(NONCE_BYTES);
            byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, dataKey, nonce, binding.secretAad(), plaintext);
            return wrap(binding, dataKey, ciphertext, nonce);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** @throws SecretUnreadable when either layer fails to authenticate or the KEK is not in the ring */
    public byte[] open(SecretBinding binding, SealedSecret sealed) {
        if (sealed.format() == SealedSecret.LEGACY_FORMAT) {
            return LegacyFormat.open(this, binding.connection(), sealed);
        }
        byte[] dataKey = unwrap(binding, sealed);
        try {
            return gcm(Cipher.DECRYPT_MODE, dataKey, sealed.nonce(), binding.secretAad(), sealed.ciphertext());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * The same secret with its data key wrapped by the active KEK, checked by opening it again. A
     * legacy row is re-sealed in the current format, which binds its metadata too.
     */
    public SealedSecret rewrap(SecretBinding binding, SealedSecret sealed) {
        SealedSecret rewrapped;
        if (sealed.format() == SealedSecret.LEGACY_FORMAT) {
            byte[] plaintext = open(binding, sealed);
            try {
                rewrapped = seal(binding, plaintext);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        } else {
            byte[] dataKey = unwrap(binding, sealed);
            try {
                rewrapped = wrap(binding, dataKey, sealed.ciphertext(), sealed.nonce());
            } finally {
                Arrays.fill(dataKey, (byte) 0);
            }
        }
        Arrays.fill(open(binding, rewrapped), (byte) 0);
        return rewrapped;
    }

    public String activeKeyId() {
        return keyring.activeKeyId();
    }

    public Set<String> keyIds() {
        return keyring.ids();
    }

    private SealedSecret wrap(SecretBinding binding, byte[] dataKey, byte[] ciphertext, byte[] nonce) {
        String keyId = keyring.activeKeyId();
        byte[] keyNonce = randomBytes(NONCE_BYTES);
        byte[] wrappedKey = gcm(Cipher.ENCRYPT_MODE, keyring.key(keyId), keyNonce,
                binding.encode("data-key", keyId), dataKey);
        return new SealedSecret(ciphertext, nonce, wrappedKey, keyNonce, keyId, SealedSecret.CURRENT_FORMAT);
    }

    private byte[] unwrap(SecretBinding binding, SealedSecret sealed) {
        SecretKeySpec kek = kek(sealed.keyId());
        return gcm(Cipher.DECRYPT_MODE, kek, sealed.keyNonce(), binding.encode("data-key", sealed.keyId()),
                sealed.wrappedKey());
    }

    SecretKeySpec kek(String keyId) {
        SecretKeySpec kek = keyId == null ? null : keyring.key(keyId);
        if (kek == null) {
            throw new SecretUnreadable();
        }
        return kek;
    }

    static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input) {
        return gcm(mode, new SecretKeySpec(key, "AES"), nonce, aad, input);
    }

    /** Any failure (wrong tag, wrong key, malformed nonce) is the same fixed, causeless {@link SecretUnreadable}. */
    static byte[] gcm(int mode, SecretKeySpec key, byte[] nonce, byte[] aad, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            if (mode == Cipher.ENCRYPT_MODE) {
                // Encryption with a valid key does not fail; if the JCE does, say so without any data.
                throw new IllegalStateException("AES-GCM encryption is unavailable");
            }
            throw new SecretUnreadable();
        }
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The first version's layout: both layers bound to "gatehouse-vault", purpose, connection and key id. */
    static final class LegacyFormat {

        private LegacyFormat() {
        }

        static byte[] open(EnvelopeCipher cipher, String connection, SealedSecret sealed) {
            SecretKeySpec kek = cipher.kek(sealed.keyId());
            byte[] dataKey = gcm(Cipher.DECRYPT_MODE, kek, sealed.keyNonce(),
                    aad("data-key", connection, sealed.keyId()), sealed.wrappedKey());
            try {
                return gcm(Cipher.DECRYPT_MODE, dataKey, sealed.nonce(), aad("secret", connection, sealed.keyId()),
                        sealed.ciphertext());
            } finally {
                Arrays.fill(dataKey, (byte) 0);
            }
        }

        /** Exposed for tests that build a row the way the first version did. */
        static byte[] aad(String purpose, String connection, String keyId) {
            return ("gatehouse-vault\0" + purpose + "\0" + connection + "\0" + keyId).getBytes(StandardCharsets.UTF_8);
        }
    }
}
