package dev.gatehouse.approval.request;

import dev.gatehouse.model.ApprovalStatus;

import java.util.List;

/** Filters of {@code GET /api/v1/approvals}; {@code null} connection or subject means any. */
record ApprovalQuery(List<ApprovalStatus> statuses, String connection, String subject, boolean newestFirst, int limit) {
}
