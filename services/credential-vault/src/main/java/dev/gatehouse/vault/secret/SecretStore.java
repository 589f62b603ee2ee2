package dev.gatehouse.vault.secret;

import dev.gatehouse.vault.crypto.SealedSecret;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code secrets} table, through Spring Data JPA ({@link SecretRepository}). Only sealed bytes go in
 * and come out; settings are stored verbatim. Callers see immutable {@link StoredSecret}s.
 */
@Repository
public class SecretStore {

    private final SecretRepository repository;
    private final JsonMapper json;

    SecretStore(SecretRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    void save(String connection, SecretType type, String username, String settingsJson, SealedSecret sealed,
              Instant now) {
        repository.upsert(connection, type.name(), username, settingsJson, sealed.ciphertext(), sealed.nonce(),
                sealed.wrappedKey(), sealed.keyNonce(), sealed.keyId(), (short) sealed.format(), now);
    }

    public Optional<StoredSecret> find(String connection) {
        return repository.findById(connection).map(this::stored);
    }

    /** Locks the row until the transaction ends, so a change and a rotation never interleave on it. */
    public Optional<StoredSecret> findForUpdate(String connection) {
        return repository.lockById(connection).map(this::stored);
    }

    List<StoredSecret> findAll() {
        return repository.findAllByOrderByConnection().stream().map(this::stored).toList();
    }

    boolean delete(String connection) {
        return repository.deleteByConnection(connection) > 0;
    }

    /** The next rows after {@code after} that are not wrapped by {@code keyId} in the current format, locked. */
    public List<StoredSecret> lockNotWrappedBy(String keyId, int format, String after, int limit) {
        return repository.lockNotWrappedBy(keyId, (short) format, after, Limit.of(limit)).stream()
                .map(this::stored).toList();
    }

    /**
     * Replaces only the sealed columns of a row this transaction locked; {@code updated_at} stays, since
     * the secret itself did not change. Written when the transaction commits.
     */
    public void replaceSealed(String connection, SealedSecret sealed) {
        SecretRow row = repository.findById(connection).orElseThrow(() -> new SecretNotFound(connection));
        row.ciphertext = sealed.ciphertext();
        row.nonce = sealed.nonce();
        row.wrappedKey = sealed.wrappedKey();
        row.keyNonce = sealed.keyNonce();
        row.keyId = sealed.keyId();
        row.format = (short) sealed.format();
    }

    /** How many secrets each KEK id wraps. */
    public Map<String, Long> countByKeyId() {
        Map<String, Long> counts = new LinkedHashMap<>();
        repository.countByKeyId().forEach(count -> counts.put(count.getKeyId(), count.getSecrets()));
        return counts;
    }

    private StoredSecret stored(SecretRow row) {
        SealedSecret sealed = new SealedSecret(row.ciphertext, row.nonce, row.wrappedKey, row.keyNonce, row.keyId,
                row.format);
        return new StoredSecret(row.connection, row.type, row.username, row.settings,
                row.settings == null ? null : json.readValue(row.settings, SecretSettings.class), sealed,
                row.createdAt, row.updatedAt);
    }
}
