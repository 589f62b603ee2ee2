package dev.gatehouse.vault.crypto;

/**
 * A secret as stored: the ciphertext under a one-off data key, and that data key wrapped by the KEK
 * named {@code keyId}. {@code format} 1 is the first version's layout (both layers bound to the key id,
 * metadata unbound); 2 binds the full {@link SecretBinding} and lets a rotation re-wrap only the data key.
 * Nothing here is readable without the KEK, yet it is still kept out of {@link #toString()}.
 */
public record SealedSecret(byte[] ciphertext, byte[] nonce, byte[] wrappedKey, byte[] keyNonce, String keyId,
                           int format) {

    public static final int LEGACY_FORMAT = 1;
    public static final int CURRENT_FORMAT = 2;

    @Override
    public String toString() {
        return "SealedSecret[keyId=" + keyId + ", format=" + format + "]";
    }
}
