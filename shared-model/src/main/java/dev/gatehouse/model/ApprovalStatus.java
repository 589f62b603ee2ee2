package dev.gatehouse.model;

/** Where an approval request stands. Every status but {@code PENDING} and {@code APPROVED} is final. */
public enum ApprovalStatus {
    PENDING, APPROVED, REJECTED, EXPIRED, CANCELLED, CONSUMED;

    public boolean isFinal() {
        return this != PENDING && this != APPROVED;
    }
}
