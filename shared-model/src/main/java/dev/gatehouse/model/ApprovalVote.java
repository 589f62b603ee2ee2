package dev.gatehouse.model;

import java.time.Instant;

/** One reviewer's decision on an approval request: {@code APPROVED} or {@code REJECTED}, with a comment. */
public record ApprovalVote(String reviewerIssuer, String reviewerSubject, ApprovalStatus decision, String comment,
                           Instant decidedAt) {
}
