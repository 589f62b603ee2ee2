package dev.gatehouse.vault.crypto;

import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** Seals secrets the way another keyring, or the first version of the vault, would have: for rotation tests. */
public final class TestSealing {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestSealing() {
    }

    public static SealedSecret seal(String keyId, String base64Key, SecretBinding binding, String plaintext) {
        return cipher(keyId, base64Key).seal(binding, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    public static String open(String keyId, String base64Key, SecretBinding binding, SealedSecret sealed) {
        return new String(cipher(keyId, base64Key).open(binding, sealed), StandardCharsets.UTF_8);
    }

    /** Format 1: both layers bound to the connection and key id only, as the first version stored rows. */
    public static SealedSecret sealLegacy(String keyId, String base64Key, String connection, String plaintext) {
        byte[] kek = java.util.Base64.getDecoder().decode(base64Key);
        byte[] dataKey = bytes(32);
        byte[] nonce = bytes(12);
        byte[] keyNonce = bytes(12);
        byte[] ciphertext = EnvelopeCipher.gcm(Cipher.ENCRYPT_MODE, dataKey, nonce,
                EnvelopeCipher.LegacyFormat.aad("secret", connection, keyId), plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] wrapped = EnvelopeCipher.gcm(Cipher.ENCRYPT_MODE, kek, keyNonce,
                EnvelopeCipher.LegacyFormat.aad("data-key", connection, keyId), dataKey);
        return new SealedSecret(ciphertext, nonce, wrapped, keyNonce, keyId, SealedSecret.LEGACY_FORMAT);
    }

    public static EnvelopeCipher cipher(String keyId, String base64Key) {
        return new EnvelopeCipher(CryptoProperties.single(keyId, base64Key));
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
