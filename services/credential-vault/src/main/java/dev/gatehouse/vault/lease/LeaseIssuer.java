package dev.gatehouse.vault.lease;

import dev.gatehouse.model.Credential;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Lease;
import dev.gatehouse.vault.crypto.EnvelopeCipher;
import dev.gatehouse.vault.secret.SecretStore;
import dev.gatehouse.vault.secret.StoredSecret;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Opens a stored secret for the proxy and records who got it and until when. */
@Service
class LeaseIssuer {

    private final SecretStore secrets;
    private final EnvelopeCipher cipher;
    private final JdbcClient jdbc;
    private final LeaseProperties properties;

    LeaseIssuer(SecretStore secrets, EnvelopeCipher cipher, JdbcClient jdbc, LeaseProperties properties) {
        this.secrets = secrets;
        this.cipher = cipher;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    Lease issue(String connection, String issuedTo) {
        StoredSecret stored = secrets.find(connection).orElseThrow(() -> new ConnectionNotFound(connection));
        // Opened before the lease row is written: a secret that cannot be decrypted leaves no lease behind.
        String secret = new String(cipher.open(connection, stored.sealed()), StandardCharsets.UTF_8);
        Credential credential = new Credential(stored.type(), stored.username(), secret);
        UUID leaseId = Ids.uuidV7();
        Instant issuedAt = Instant.now();
        Instant expiresAt = issuedAt.plus(properties.ttl());
        jdbc.sql("""
                        INSERT INTO leases (lease_id, connection, issued_to, issued_at, expires_at)
                        VALUES (:leaseId, :connection, :issuedTo, :issuedAt, :expiresAt)
                        """)
                .param("leaseId", leaseId).param("connection", connection).param("issuedTo", issuedTo)
                .param("issuedAt", Timestamp.from(issuedAt)).param("expiresAt", Timestamp.from(expiresAt))
                .update();
        return new Lease(leaseId.toString(), connection, credential, expiresAt);
    }
}
