package dev.gatehouse.approval.request;

import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.Protocol;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.hibernate.annotations.BatchSize;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JPA mapping of one {@code approval_requests} row and its votes ({@code approval_decisions}): the
 * approval aggregate as stored. The workflow works on the immutable {@link StoredApproval};
 * {@link ApprovalStore} copies between the two. The jsonb columns are mapped by Hibernate's JSON type
 * ({@code operation} is already JSON text and is stored as it is).
 */
@Entity
@Table(name = "approval_requests")
class ApprovalRow implements Persistable<UUID> {

    @Id
    UUID id;
    @Enumerated(EnumType.STRING)
    ApprovalStatus status;
    String sessionId;
    String requesterIssuer;
    String requesterSubject;
    @JdbcTypeCode(SqlTypes.JSON)
    Map<String, Object> requesterClaims;
    String connection;
    @Enumerated(EnumType.STRING)
    Protocol protocol;
    @JdbcTypeCode(SqlTypes.JSON)
    String operation;
    String command;
    String fingerprint;
    String ruleId;
    Long policyVersion;
    String reviewers;
    int requiredApprovals;
    long windowMs;
    @JdbcTypeCode(SqlTypes.JSON)
    List<String> channels;
    Instant createdAt;
    Instant expiresAt;
    Instant decidedAt;
    Instant windowUntil;
    Instant consumedAt;
    long auditSeq;

    // Loaded after the row (and after its lock): a vote committed while this transaction waited for the
    // lock is seen. Batched, so a list of requests costs one query for all their votes.
    @OneToMany(mappedBy = "approval", cascade = CascadeType.PERSIST)
    @OrderBy("decidedAt, id.reviewerSubject")
    @BatchSize(size = 500)
    List<VoteRow> votes = new ArrayList<>();

    // Ids are assigned by the workflow: without this, save() would SELECT before every insert.
    @Transient
    private boolean fresh;

    protected ApprovalRow() {
    }

    static ApprovalRow fresh(UUID id) {
        ApprovalRow row = new ApprovalRow();
        row.id = id;
        row.fresh = true;
        return row;
    }

    @Override
    public UUID getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    @PostLoad
    @PostPersist
    void stored() {
        fresh = false;
    }
}
