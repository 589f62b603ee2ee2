package dev.gatehouse.vault.crypto;

import org.springframework.stereotype.Component;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Envelope encryption: each secret gets its own random AES-256 data key (AES-GCM, 96-bit random
 * nonce), and that data key is wrapped by the KEK with AES-GCM as well. Both layers authenticate the
 * connection name and key id as associated data, so a sealed secret copied onto another row, or a
 * wrapped key swapped between rows, fails to open instead of yielding the wrong credential.
 */
@Component
public class EnvelopeCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int DATA_KEY_BYTES = 32;

    private final SecretKeySpec keyEncryptionKey;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    EnvelopeCipher(CryptoProperties properties) {
        byte[] key = properties.decodedKey();
        if (key == null) {
            // Unreachable once @Validated ran; kept so a misconfigured test cannot build a keyless cipher.
            throw new IllegalStateException(CryptoProperties.KEY_PROPERTY + " is missing or not the base64 of 32 bytes");
        }
        this.keyEncryptionKey = new SecretKeySpec(key, "AES");
        Arrays.fill(key, (byte) 0);
        this.keyId = properties.keyId();
    }

    public SealedSecret seal(String connection, byte[] plaintext) {
        byte[] dataKey = randomBytes(DATA_KEY_BYTES);
        try {
            byte[] nonce = randomBytes(NONCE_BYTES);
            byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), nonce,
                    aad("secret", connection, keyId), plaintext);
            byte[] keyNonce = randomBytes(NONCE_BYTES);
            byte[] wrappedKey = gcm(Cipher.ENCRYPT_MODE, keyEncryptionKey, keyNonce,
                    aad("data-key", connection, keyId), dataKey);
            return new SealedSecret(ciphertext, nonce, wrappedKey, keyNonce, keyId);
        } catch (GeneralSecurityException e) {
            // Encryption with a valid key does not fail; if the JCE does, say so without any data.
            throw new IllegalStateException("AES-GCM encryption is unavailable", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** @throws SecretUnreadable when either layer fails to authenticate */
    public byte[] open(String connection, SealedSecret sealed) {
        if (!keyId.equals(sealed.keyId())) {
            throw new SecretUnreadable();
        }
        byte[] dataKey = null;
        try {
            dataKey = gcm(Cipher.DECRYPT_MODE, keyEncryptionKey, sealed.keyNonce(),
                    aad("data-key", connection, sealed.keyId()), sealed.wrappedKey());
            return gcm(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), sealed.nonce(),
                    aad("secret", connection, sealed.keyId()), sealed.ciphertext());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretUnreadable();
        } finally {
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
        }
    }

    public String keyId() {
        return keyId;
    }

    private static byte[] gcm(int mode, SecretKeySpec key, byte[] nonce, byte[] aad, byte[] input)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        return cipher.doFinal(input);
    }

    /** NUL-separated: connection names cannot contain NUL, so "a"+"bc" and "ab"+"c" never collide. */
    private static byte[] aad(String purpose, String connection, String keyId) {
        return ("gatehouse-vault\0" + purpose + "\0" + connection + "\0" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
