package dev.gatehouse.vault.secret;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The JPA mapping of one {@code secrets} row: the secret's metadata (connection, type, username, the
 * clear-text settings kept verbatim, times) and its sealed material as the opaque bytes the
 * {@code EnvelopeCipher} produced. Sealing and unsealing stay in the cipher; this only stores bytes.
 * Rows are written by {@link SecretUpsert#upsert} (a replace must not race a create into a unique
 * violation) and changed in place only by a key rotation's re-wrap.
 */
@Entity
@Table(name = "secrets")
class SecretRow {

    @Id
    String connection;
    @Enumerated(EnumType.STRING)
    SecretType type;
    String username;
    String settings;
    byte[] ciphertext;
    byte[] nonce;
    byte[] wrappedKey;
    byte[] keyNonce;
    String keyId;
    short format;
    Instant createdAt;
    Instant updatedAt;

    protected SecretRow() {
    }
}
