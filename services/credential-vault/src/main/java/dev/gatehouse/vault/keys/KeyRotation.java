package dev.gatehouse.vault.keys;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.vault.audit.AuditTrail;
import dev.gatehouse.vault.audit.VaultEvents;
import dev.gatehouse.vault.crypto.EnvelopeCipher;
import dev.gatehouse.vault.crypto.SealedSecret;
import dev.gatehouse.vault.crypto.SecretUnreadable;
import dev.gatehouse.vault.secret.SecretStore;
import dev.gatehouse.vault.secret.StoredSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Re-wraps every data key that is not wrapped by the active KEK (or still in the first sealing format),
 * in batches of {@value #BATCH} rows, each batch one short transaction with its rows locked. Nothing
 * stops meanwhile: every row names its KEK, the ring holds old and new keys, so reads and leases go on.
 * A row is only rewritten after the re-wrapped form was opened again successfully; a row that does not
 * decrypt (tampered, or its KEK missing) is skipped and reported, never overwritten.
 */
@Service
class KeyRotation {

    static final int BATCH = 100;
    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

    private final SecretStore secrets;
    private final EnvelopeCipher cipher;
    private final TransactionTemplate transaction;
    private final AuditTrail audit;
    private final VaultEvents events;

    KeyRotation(SecretStore secrets, EnvelopeCipher cipher, PlatformTransactionManager transactions, AuditTrail audit,
                VaultEvents events) {
        this.secrets = secrets;
        this.cipher = cipher;
        this.transaction = new TransactionTemplate(transactions);
        this.audit = audit;
        this.events = events;
    }

    /** Recorded best effort: re-wrapping changes no secret and exposes none, so Kafka being down does not stop it. */
    RotationResult rotate(CallerIdentity admin) {
        String active = cipher.activeKeyId();
        List<String> failed = new ArrayList<>();
        int rewrapped = 0;
        String after = "";
        while (true) {
            String from = after;
            Batch batch = transaction.execute(status -> rewrapBatch(active, from, failed));
            rewrapped += batch.rewrapped();
            if (batch.last() == null) {
                break;
            }
            after = batch.last();
        }
        log.info("key rotation to {}: {} secret(s) re-wrapped, {} unreadable", active, rewrapped, failed.size());
        audit.tryRecord(events.keysRotated(active, rewrapped, failed.size(), admin));
        return new RotationResult(active, rewrapped, failed, secrets.countByKeyId());
    }

    private Batch rewrapBatch(String active, String after, List<String> failed) {
        List<StoredSecret> rows = secrets.lockNotWrappedBy(active, SealedSecret.CURRENT_FORMAT, after, BATCH);
        int rewrapped = 0;
        for (StoredSecret row : rows) {
            try {
                secrets.replaceSealed(row.connection(), cipher.rewrap(row.binding(), row.sealed()));
                rewrapped++;
            } catch (SecretUnreadable e) {
                failed.add(row.connection());
            }
        }
        return new Batch(rewrapped, rows.isEmpty() ? null : rows.getLast().connection());
    }

    private record Batch(int rewrapped, String last) {
    }
}
