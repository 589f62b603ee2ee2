package dev.gatehouse.approval.request;

import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.ApprovalVote;
import dev.gatehouse.model.CallerIdentity;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code approval_requests} and their votes in {@code approval_decisions}, through Spring Data JPA
 * ({@link ApprovalRepository}); the workflow sees only immutable {@link StoredApproval}s. Reads run in a
 * read-only transaction of their own (or the caller's), so the votes load with the row. Writes run in
 * the caller's transaction, which also writes the outbox: Hibernate flushes them at its commit.
 */
@Repository
class ApprovalStore {

    private final ApprovalRepository repository;

    ApprovalStore(ApprovalRepository repository) {
        this.repository = repository;
    }

    void insert(StoredApproval a) {
        ApprovalRow row = ApprovalRow.fresh(a.id());
        row.sessionId = a.sessionId();
        row.requesterIssuer = a.identity().issuer();
        row.requesterSubject = a.identity().subject();
        row.requesterClaims = a.identity().claims();
        row.connection = a.connection();
        row.protocol = a.protocol();
        row.operation = a.operation();
        row.command = a.command();
        row.fingerprint = a.fingerprint();
        row.ruleId = a.ruleId();
        row.policyVersion = a.policyVersion();
        row.reviewers = a.reviewers();
        row.requiredApprovals = a.requiredApprovals();
        row.windowMs = a.window().toMillis();
        row.channels = a.channels();
        row.createdAt = a.createdAt();
        row.expiresAt = a.expiresAt();
        copyState(a, row);
        repository.save(row);
    }

    @Transactional(readOnly = true)
    Optional<StoredApproval> find(UUID id) {
        return repository.findById(id).map(ApprovalStore::stored);
    }

    /** The row locked until the transaction ends: deciding and consuming are serialised per request. */
    Optional<StoredApproval> lock(UUID id) {
        return repository.lockById(id).map(ApprovalStore::stored);
    }

    /** Writes what a decision, an expiry, a cancellation or a use changes (on the row this transaction holds). */
    void update(StoredApproval a) {
        copyState(a, managed(a.id()));
    }

    void insertVote(UUID id, ApprovalVote vote) {
        ApprovalRow row = managed(id);
        row.votes.add(new VoteRow(row, vote.reviewerIssuer(), vote.reviewerSubject(), vote.decision(),
                vote.comment(), vote.decidedAt()));
    }

    @Transactional(readOnly = true)
    List<StoredApproval> list(ApprovalQuery query) {
        Sort.Direction direction = query.newestFirst() ? Sort.Direction.DESC : Sort.Direction.ASC;
        Sort sort = Sort.by(direction, "createdAt").and(Sort.by(Sort.Direction.ASC, "id"));
        boolean expiredWanted = query.statuses().contains(ApprovalStatus.EXPIRED);
        return repository.search(query.statuses(), expiredWanted, query.connection(), query.subject(),
                ApprovalViews.now(), sort, Limit.of(query.limit())).stream().map(ApprovalStore::stored).toList();
    }

    /** Ids among {@code ids} whose request is decided or past its deadline: waiters to answer now. */
    List<UUID> settled(Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : repository.settled(ids, ApprovalViews.now());
    }

    /** Pending requests past their deadline, oldest deadline first. */
    List<UUID> overdue(int limit) {
        return repository.overdue(ApprovalViews.now(), Limit.of(limit));
    }

    /** In a transaction that loaded (locked) the row already, this is the same instance: no query. */
    private ApprovalRow managed(UUID id) {
        return repository.findById(id).orElseThrow(() -> new ApprovalNotFound(id));
    }

    private static void copyState(StoredApproval from, ApprovalRow to) {
        to.status = from.status();
        to.auditSeq = from.auditSeq();
        to.decidedAt = from.decidedAt();
        to.windowUntil = from.windowUntil();
        to.consumedAt = from.consumedAt();
    }

    private static StoredApproval stored(ApprovalRow row) {
        List<ApprovalVote> votes = row.votes.stream().map(vote -> new ApprovalVote(vote.id.reviewerIssuer,
                vote.id.reviewerSubject, vote.decision, vote.comment, vote.decidedAt)).toList();
        return new StoredApproval(row.id, row.status, row.sessionId,
                new CallerIdentity(row.requesterIssuer, row.requesterSubject, row.requesterClaims), row.connection,
                row.protocol, row.operation, row.command, row.fingerprint, row.ruleId, row.policyVersion,
                row.reviewers, row.requiredApprovals, Duration.ofMillis(row.windowMs), row.channels, row.createdAt,
                row.expiresAt, row.decidedAt, row.windowUntil, row.consumedAt, row.auditSeq, votes);
    }
}
