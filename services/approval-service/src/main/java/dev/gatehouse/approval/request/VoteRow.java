package dev.gatehouse.approval.request;

import dev.gatehouse.model.ApprovalStatus;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One reviewer's vote, a row of {@code approval_decisions}. The table has no surrogate key: a vote is
 * identified by its request and its reviewer (issuer + subject), which its unique constraint enforces.
 * Votes are only ever added, through their request ({@link ApprovalRow#votes}).
 */
@Entity
@Table(name = "approval_decisions")
class VoteRow {

    @EmbeddedId
    Key id;
    @MapsId("approvalId")
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "approval_id")
    ApprovalRow approval;
    @Enumerated(EnumType.STRING)
    ApprovalStatus decision;
    String comment;
    Instant decidedAt;

    protected VoteRow() {
    }

    VoteRow(ApprovalRow approval, String reviewerIssuer, String reviewerSubject, ApprovalStatus decision,
            String comment, Instant decidedAt) {
        this.id = new Key(approval.id, reviewerIssuer, reviewerSubject);
        this.approval = approval;
        this.decision = decision;
        this.comment = comment;
        this.decidedAt = decidedAt;
    }

    @Embeddable
    static class Key implements Serializable {

        UUID approvalId;
        String reviewerIssuer;
        String reviewerSubject;

        protected Key() {
        }

        Key(UUID approvalId, String reviewerIssuer, String reviewerSubject) {
            this.approvalId = approvalId;
            this.reviewerIssuer = reviewerIssuer;
            this.reviewerSubject = reviewerSubject;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(approvalId, key.approvalId)
                    && Objects.equals(reviewerIssuer, key.reviewerIssuer)
                    && Objects.equals(reviewerSubject, key.reviewerSubject);
        }

        @Override
        public int hashCode() {
            return Objects.hash(approvalId, reviewerIssuer, reviewerSubject);
        }
    }
}
