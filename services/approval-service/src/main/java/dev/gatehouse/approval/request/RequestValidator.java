package dev.gatehouse.approval.request;

import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.ReviewSettings;
import org.springframework.stereotype.Component;

/**
 * Checks what the {@link ApprovalRequest} record itself does not: blank values, sizes, and an expiry
 * and window inside the configured bounds. Each refusal names the field.
 */
@Component
class RequestValidator {

    static final int MAX_COMMAND = 64 * 1024;
    static final int MAX_TEXT = 1024;
    static final int MAX_APPROVALS = 20;

    private final ApprovalProperties properties;

    RequestValidator(ApprovalProperties properties) {
        this.properties = properties;
    }

    void check(ApprovalRequest request) {
        text("sessionId", request.sessionId(), MAX_TEXT);
        text("identity.issuer", request.identity().issuer(), MAX_TEXT);
        text("identity.subject", request.identity().subject(), MAX_TEXT);
        text("connection", request.connection(), MAX_TEXT);
        text("fingerprint", request.fingerprint(), MAX_TEXT);
        if (request.command().length() > MAX_COMMAND) {
            throw new InvalidApprovalInput("command", "longer than " + MAX_COMMAND + " characters");
        }
        if (request.seq() < 0) {
            throw new InvalidApprovalInput("seq", "must not be negative");
        }
        review(request.review());
    }

    private void review(ReviewSettings review) {
        text("review.reviewers", review.reviewers(), MAX_TEXT);
        if (review.approvals() > MAX_APPROVALS) {
            throw new InvalidApprovalInput("review.approvals", "at most " + MAX_APPROVALS);
        }
        if (review.expiry().isNegative() || review.expiry().isZero()
                || review.expiry().compareTo(properties.maxExpiry()) > 0) {
            throw new InvalidApprovalInput("review.expiry", "must be positive and at most " + properties.maxExpiry());
        }
        if (review.window().compareTo(properties.maxWindow()) > 0) {
            throw new InvalidApprovalInput("review.window", "at most " + properties.maxWindow());
        }
        review.channels().forEach(channel -> text("review.notify", channel, MAX_TEXT));
    }

    private static void text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidApprovalInput(field, "must not be blank");
        }
        if (value.length() > max) {
            throw new InvalidApprovalInput(field, "longer than " + max + " characters");
        }
    }
}
