package dev.gatehouse.vault.crypto;

/**
 * A secret as stored: the ciphertext under a one-off data key, and that data key wrapped by the KEK.
 * Nothing here is readable without the KEK, yet it is still kept out of {@link #toString()}.
 */
public record SealedSecret(byte[] ciphertext, byte[] nonce, byte[] wrappedKey, byte[] keyNonce, String keyId) {

    @Override
    public String toString() {
        return "SealedSecret[keyId=" + keyId + "]";
    }
}
