package dev.gatehouse.approval.request;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.UUID;

/** Read side of {@code approval_requests}; the workflow that writes it comes later. */
@Repository
class ApprovalRequests {

    /** A reviewer queue, not an export: bounded until paging exists. */
    static final int MAX_ROWS = 500;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ApprovalRequests(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<ApprovalView> findByStatus(ApprovalStatus status) {
        return jdbc.sql("""
                        SELECT id, connection, requester_issuer, requester_subject, operation::text AS operation,
                               command_hash, status, required_approvals, created_at, expires_at
                        FROM approval_requests WHERE status = :status ORDER BY created_at LIMIT :limit
                        """)
                .param("status", status.name()).param("limit", MAX_ROWS)
                .query((rs, rowNum) -> new ApprovalView(rs.getObject("id", UUID.class), rs.getString("connection"),
                        rs.getString("requester_issuer"), rs.getString("requester_subject"),
                        json.readTree(rs.getString("operation")), rs.getString("command_hash"),
                        ApprovalStatus.valueOf(rs.getString("status")), rs.getInt("required_approvals"),
                        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant()))
                .list();
    }
}
