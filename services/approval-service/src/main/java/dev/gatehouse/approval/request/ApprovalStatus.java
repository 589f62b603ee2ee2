package dev.gatehouse.approval.request;

enum ApprovalStatus {
    PENDING, APPROVED, REJECTED, EXPIRED
}
