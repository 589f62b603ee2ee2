package dev.gatehouse.vault.crypto;

/** The keyring configuration is unusable. The message names the property and never holds a key. */
final class InvalidKeyring extends RuntimeException {

    InvalidKeyring(String message) {
        super(message, null, false, false);
    }
}
