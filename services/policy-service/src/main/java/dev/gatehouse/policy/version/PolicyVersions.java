package dev.gatehouse.policy.version;

import dev.gatehouse.model.Ids;
import dev.gatehouse.policy.document.ActivePolicy;
import dev.gatehouse.policy.document.InvalidPolicy;
import dev.gatehouse.policy.document.PolicyDocument;
import dev.gatehouse.policy.document.PolicyDocumentParser;
import dev.gatehouse.policy.document.PolicySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The numbered policy versions. A document is validated before anything is stored; versions are
 * numbered {@code max + 1} under a transaction-scoped advisory lock, so replicas never race for a
 * number; a document identical to the active one (same SHA-256) creates no version. After the commit
 * the new version is announced in-process ({@link PolicySource.PolicyActivated}); its Kafka events are
 * written to the outbox in the version's own transaction ({@link PolicyChangeEvents}) and sent after it.
 */
@Service
class PolicyVersions implements PolicySource {

    /** The outcome of a store: the version now active, and whether this call created it. */
    record Stored(VersionInfo info, boolean created) {
    }

    private static final Logger log = LoggerFactory.getLogger(PolicyVersions.class);

    private final PolicyDocumentParser parser;
    private final PolicyVersionRepository repository;
    private final TransactionOperations transactions;
    private final ApplicationEventPublisher events;
    private final PolicyChangeEvents changeEvents;
    private volatile ActivePolicy cached;

    PolicyVersions(PolicyDocumentParser parser, PolicyVersionRepository repository, TransactionOperations transactions,
                   ApplicationEventPublisher events, PolicyChangeEvents changeEvents) {
        this.parser = parser;
        this.repository = repository;
        this.transactions = transactions;
        this.events = events;
        this.changeEvents = changeEvents;
    }

    /** @throws InvalidPolicy (nothing stored) or {@link ActiveVersionMismatch} */
    Stored store(String yaml, Author author, String comment, VersionPrecondition precondition, Long rolledBackFrom) {
        parser.parse(yaml);
        String sha256 = sha256(yaml);
        Stored stored = Objects.requireNonNull(transactions.execute(status -> {
            repository.lockWriters();
            Optional<VersionInfo> active = repository.activeInfo();
            precondition.check(active.map(VersionInfo::version).orElse(0L));
            if (active.isPresent() && active.get().sha256().equals(sha256)) {
                return new Stored(active.get(), false);
            }
            long next = active.map(VersionInfo::version).orElse(0L) + 1;
            UUID auditEventId = Ids.uuidV7();
            VersionInfo info = repository.insert(next, yaml, sha256, author, comment, rolledBackFrom, auditEventId);
            changeEvents.handOver(new StoredVersion(info, yaml, author.issuer(), auditEventId, false));
            return new Stored(info, true);
        }));
        if (stored.created()) {
            log.info("policy version {} stored by {} (sha256 {})", stored.info().version(), author.subject(),
                    stored.info().sha256());
            announce(stored.info().version());
        }
        return stored;
    }

    private void announce(long version) {
        try {
            events.publishEvent(new PolicyActivated(version));
        } catch (RuntimeException e) {
            // The version is committed and active; the snapshot poll will try again. Do not fail the write.
            log.error("policy version {} is stored but could not be applied in this instance", version, e);
        }
    }

    /** A new version carrying version {@code target}'s document, re-validated under today's rules. */
    Stored rollback(long target, Author author, String comment, VersionPrecondition precondition) {
        StoredVersion old = repository.find(target).orElseThrow(() -> new PolicyVersionNotFound(target));
        return store(old.document(), author, comment == null ? "rollback to version " + target : comment,
                precondition, target);
    }

    /** Validates without storing. */
    PolicyDocument validate(String yaml) {
        return parser.parse(yaml);
    }

    Optional<StoredVersion> find(long version) {
        return repository.find(version);
    }

    List<VersionInfo> newestFirst(int limit) {
        return repository.newestFirst(limit);
    }

    @Override
    public long activeVersion() {
        return repository.activeVersion();
    }

    /** Parsed once per version: later calls for the same version get the same immutable document. */
    @Override
    public Optional<ActivePolicy> active() {
        long version = repository.activeVersion();
        ActivePolicy current = cached;
        if (version == 0) {
            return Optional.empty();
        }
        if (current != null && current.version() == version) {
            return Optional.of(current);
        }
        StoredVersion row = repository.find(version).orElseThrow(() -> new PolicyVersionNotFound(version));
        PolicyDocument document;
        try {
            document = parser.parse(row.document());
        } catch (InvalidPolicy e) {
            // Validation rules only ever get stricter on upgrade; say which version and why, loudly.
            throw new IllegalStateException("stored policy version " + version + " does not validate any more: "
                    + e.describeAll());
        }
        ActivePolicy active = new ActivePolicy(version, document, row.info().author(), row.info().createdAt());
        cached = active;
        return Optional.of(active);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
