package dev.gatehouse.approval.request;

import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.ApprovalVote;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Protocol;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@code approval_requests} and their votes in {@code approval_decisions}. */
@Repository
class ApprovalStore {

    private static final String COLUMNS = """
            id, status, session_id, requester_issuer, requester_subject, requester_claims::text AS claims,
            connection, protocol, operation::text AS operation, command, fingerprint, rule_id, policy_version,
            reviewers, required_approvals, window_ms, channels::text AS channels, created_at, expires_at,
            decided_at, window_until, consumed_at, audit_seq""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ApprovalStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(StoredApproval a) {
        jdbc.sql("""
                        INSERT INTO approval_requests (id, status, session_id, requester_issuer, requester_subject,
                            requester_claims, connection, protocol, operation, command, fingerprint, rule_id,
                            policy_version, reviewers, required_approvals, window_ms, channels, created_at,
                            expires_at, audit_seq)
                        VALUES (:id, :status, :session, :issuer, :subject, CAST(:claims AS jsonb), :connection,
                            :protocol, CAST(:operation AS jsonb), :command, :fingerprint, :rule, :policyVersion,
                            :reviewers, :required, :window, CAST(:channels AS jsonb), :created, :expires, :seq)
                        """)
                .param("id", a.id()).param("status", a.status().name()).param("session", a.sessionId())
                .param("issuer", a.identity().issuer()).param("subject", a.identity().subject())
                .param("claims", json.writeValueAsString(a.identity().claims())).param("connection", a.connection())
                .param("protocol", a.protocol() == null ? null : a.protocol().name())
                .param("operation", a.operation()).param("command", a.command()).param("fingerprint", a.fingerprint())
                .param("rule", a.ruleId()).param("policyVersion", a.policyVersion()).param("reviewers", a.reviewers())
                .param("required", a.requiredApprovals()).param("window", a.window().toMillis())
                .param("channels", json.writeValueAsString(a.channels()))
                .param("created", Timestamp.from(a.createdAt())).param("expires", Timestamp.from(a.expiresAt()))
                .param("seq", a.auditSeq())
                .update();
    }

    Optional<StoredApproval> find(UUID id) {
        return one("SELECT " + COLUMNS + " FROM approval_requests WHERE id = :id", id);
    }

    /** The row locked until the transaction ends: deciding and consuming are serialised per request. */
    Optional<StoredApproval> lock(UUID id) {
        return one("SELECT " + COLUMNS + " FROM approval_requests WHERE id = :id FOR UPDATE", id);
    }

    /** Writes what a decision, an expiry, a cancellation or a use changes. */
    void update(StoredApproval a) {
        jdbc.sql("""
                        UPDATE approval_requests SET status = :status, audit_seq = :seq, decided_at = :decided,
                            window_until = :until, consumed_at = :consumed WHERE id = :id
                        """)
                .param("id", a.id()).param("status", a.status().name()).param("seq", a.auditSeq())
                .param("decided", timestamp(a.decidedAt())).param("until", timestamp(a.windowUntil()))
                .param("consumed", timestamp(a.consumedAt()))
                .update();
    }

    void insertVote(UUID id, ApprovalVote vote) {
        jdbc.sql("""
                        INSERT INTO approval_decisions (approval_id, reviewer_issuer, reviewer_subject, decision,
                            comment, decided_at) VALUES (:id, :issuer, :subject, :decision, :comment, :at)
                        """)
                .param("id", id).param("issuer", vote.reviewerIssuer()).param("subject", vote.reviewerSubject())
                .param("decision", vote.decision().name()).param("comment", vote.comment())
                .param("at", Timestamp.from(vote.decidedAt()))
                .update();
    }

    List<StoredApproval> list(ApprovalQuery query) {
        // A pending request past its deadline is listed as expired, as GET /{id} shows it.
        String sql = "SELECT " + COLUMNS + " FROM approval_requests WHERE "
                + "(CASE WHEN status = 'PENDING' AND expires_at <= now() THEN 'EXPIRED' ELSE status END) IN (:statuses)"
                + (query.connection() == null ? "" : " AND connection = :connection")
                + (query.subject() == null ? "" : " AND requester_subject = :subject")
                + " ORDER BY created_at " + (query.newestFirst() ? "DESC" : "ASC") + ", id LIMIT :limit";
        JdbcClient.StatementSpec statement = jdbc.sql(sql)
                .param("statuses", query.statuses().stream().map(Enum::name).toList())
                .param("limit", query.limit());
        if (query.connection() != null) {
            statement = statement.param("connection", query.connection());
        }
        if (query.subject() != null) {
            statement = statement.param("subject", query.subject());
        }
        return withVotes(statement.query(this::row).list());
    }

    /** Ids among {@code ids} whose request is decided or past its deadline: waiters to answer now. */
    List<UUID> settled(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id FROM approval_requests WHERE id IN (:ids) AND (status <> 'PENDING' OR expires_at <= now())")
                .param("ids", List.copyOf(ids)).query(UUID.class).list();
    }

    /** Pending requests past their deadline, oldest first; rows another transaction holds are skipped. */
    List<UUID> overdue(int limit) {
        return jdbc.sql("""
                        SELECT id FROM approval_requests WHERE status = 'PENDING' AND expires_at <= now()
                        ORDER BY expires_at LIMIT :limit
                        """)
                .param("limit", limit).query(UUID.class).list();
    }

    private Optional<StoredApproval> one(String sql, UUID id) {
        return jdbc.sql(sql).param("id", id).query(this::row).optional()
                .map(row -> withVotes(List.of(row)).getFirst());
    }

    private List<StoredApproval> withVotes(List<StoredApproval> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<UUID, List<ApprovalVote>> votes = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT approval_id, reviewer_issuer, reviewer_subject, decision, comment, decided_at
                        FROM approval_decisions WHERE approval_id IN (:ids) ORDER BY decided_at, reviewer_subject
                        """)
                .param("ids", rows.stream().map(StoredApproval::id).toList())
                .query(rs -> {
                    votes.computeIfAbsent(rs.getObject("approval_id", UUID.class), key -> new ArrayList<>())
                            .add(new ApprovalVote(rs.getString("reviewer_issuer"), rs.getString("reviewer_subject"),
                                    ApprovalStatus.valueOf(rs.getString("decision")), rs.getString("comment"),
                                    instant(rs, "decided_at")));
                });
        return rows.stream().map(row -> new StoredApproval(row.id(), row.status(), row.sessionId(), row.identity(),
                row.connection(), row.protocol(), row.operation(), row.command(), row.fingerprint(), row.ruleId(),
                row.policyVersion(), row.reviewers(), row.requiredApprovals(), row.window(), row.channels(),
                row.createdAt(), row.expiresAt(), row.decidedAt(), row.windowUntil(), row.consumedAt(), row.auditSeq(),
                votes.getOrDefault(row.id(), List.of()))).toList();
    }

    private StoredApproval row(ResultSet rs, int rowNum) throws SQLException {
        Map<String, Object> claims = json.readValue(rs.getString("claims"), new TypeReference<Map<String, Object>>() {
        });
        List<String> channels = json.readValue(rs.getString("channels"), new TypeReference<List<String>>() {
        });
        String protocol = rs.getString("protocol");
        Long policyVersion = rs.getObject("policy_version", Long.class);
        return new StoredApproval(rs.getObject("id", UUID.class), ApprovalStatus.valueOf(rs.getString("status")),
                rs.getString("session_id"), new CallerIdentity(rs.getString("requester_issuer"),
                rs.getString("requester_subject"), claims), rs.getString("connection"),
                protocol == null ? null : Protocol.valueOf(protocol), rs.getString("operation"), rs.getString("command"),
                rs.getString("fingerprint"), rs.getString("rule_id"), policyVersion,
                rs.getString("reviewers"), rs.getInt("required_approvals"), Duration.ofMillis(rs.getLong("window_ms")),
                channels, instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "decided_at"),
                instant(rs, "window_until"), instant(rs, "consumed_at"), rs.getLong("audit_seq"), List.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp timestamp(Instant value) {
        return value == null ? null : Timestamp.from(value);
    }
}
