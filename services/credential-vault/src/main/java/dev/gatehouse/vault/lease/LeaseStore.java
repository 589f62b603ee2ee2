package dev.gatehouse.vault.lease;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code leases} table: the vault's memory of every lease, which is what survives a restart. */
@Repository
class LeaseStore {

    private static final String LIVE = "('PENDING', 'ACTIVE', 'REVOKING')";

    private final JdbcClient jdbc;

    LeaseStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(LeaseRecord lease) {
        jdbc.sql("""
                        INSERT INTO leases (lease_id, connection, secret_type, dynamic, role_name, session_id,
                            caller_issuer, caller_subject, issued_to, issued_at, expires_at, max_expires_at,
                            ttl_seconds, state)
                        VALUES (:leaseId, :connection, :secretType, :dynamic, :roleName, :sessionId, :callerIssuer,
                            :callerSubject, :issuedTo, :issuedAt, :expiresAt, :maxExpiresAt, :ttl, :state)
                        """)
                .param("leaseId", lease.leaseId()).param("connection", lease.connection())
                .param("secretType", lease.secretType()).param("dynamic", lease.dynamic())
                .param("roleName", lease.roleName()).param("sessionId", lease.sessionId())
                .param("callerIssuer", lease.callerIssuer()).param("callerSubject", lease.callerSubject())
                .param("issuedTo", lease.issuedTo()).param("issuedAt", ts(lease.issuedAt()))
                .param("expiresAt", ts(lease.expiresAt())).param("maxExpiresAt", ts(lease.maxExpiresAt()))
                .param("ttl", lease.ttl().toSeconds()).param("state", lease.state().name())
                .update();
    }

    Optional<LeaseRecord> find(UUID leaseId) {
        return jdbc.sql("SELECT * FROM leases WHERE lease_id = :id").param("id", leaseId)
                .query(LeaseStore::row).optional();
    }

    /** Locks the row for the rest of the transaction: renewal, revocation and the sweeper never interleave. */
    Optional<LeaseRecord> lock(UUID leaseId) {
        return jdbc.sql("SELECT * FROM leases WHERE lease_id = :id FOR UPDATE").param("id", leaseId)
                .query(LeaseStore::row).optional();
    }

    /** The lease if it is (still) due for the sweeper and no one else holds it; another replica may. */
    Optional<LeaseRecord> lockIfDue(UUID leaseId, Instant now) {
        return jdbc.sql("SELECT * FROM leases WHERE lease_id = :id AND (state = 'REVOKING' OR (state IN "
                        + "('PENDING', 'ACTIVE') AND expires_at <= :now)) FOR UPDATE SKIP LOCKED")
                .param("id", leaseId).param("now", ts(now)).query(LeaseStore::row).optional();
    }

    List<UUID> dueDynamic(Instant now, int limit) {
        return jdbc.sql("SELECT lease_id FROM leases WHERE dynamic AND (state = 'REVOKING' OR (state IN "
                        + "('PENDING', 'ACTIVE') AND expires_at <= :now)) ORDER BY expires_at LIMIT :limit")
                .param("now", ts(now)).param("limit", limit).query(UUID.class).list();
    }

    List<UUID> liveDynamic(String connection) {
        return jdbc.sql("SELECT lease_id FROM leases WHERE dynamic AND connection = :connection AND state IN " + LIVE)
                .param("connection", connection).query(UUID.class).list();
    }

    /** Static leases need nothing done on a target when they lapse: they are only marked. */
    int expireStatic(Instant now) {
        return jdbc.sql("UPDATE leases SET state = 'EXPIRED' WHERE NOT dynamic AND state IN " + LIVE
                        + " AND expires_at <= :now")
                .param("now", ts(now)).update();
    }

    Optional<LeaseRecord> findUnaudited(UUID leaseId) {
        return jdbc.sql("SELECT * FROM leases WHERE lease_id = :id AND NOT revocation_audited").param("id", leaseId)
                .query(LeaseStore::row).optional();
    }

    List<LeaseRecord> unaudited(int limit) {
        return jdbc.sql("SELECT * FROM leases WHERE NOT revocation_audited ORDER BY revoked_at LIMIT :limit")
                .param("limit", limit).query(LeaseStore::row).list();
    }

    /** PENDING to ACTIVE, unless a revocation or the sweeper ended the lease while its role was being created. */
    boolean activate(UUID leaseId) {
        return jdbc.sql("UPDATE leases SET state = 'ACTIVE' WHERE lease_id = :id AND state = 'PENDING'")
                .param("id", leaseId).update() == 1;
    }

    void extend(UUID leaseId, Instant expiresAt) {
        jdbc.sql("UPDATE leases SET expires_at = :expiresAt WHERE lease_id = :id")
                .param("expiresAt", ts(expiresAt)).param("id", leaseId).update();
    }

    /** An ended lease; {@code audited} false queues its CREDENTIAL_REVOKED event for the sweeper. */
    void end(UUID leaseId, LeaseState state, String reason, Instant at, boolean audited) {
        jdbc.sql("""
                        UPDATE leases SET state = :state, revoke_reason = :reason, revoked_at = :at,
                            revocation_audited = :audited, last_error = NULL
                        WHERE lease_id = :id
                        """)
                .param("state", state.name()).param("reason", reason).param("at", ts(at))
                .param("audited", audited).param("id", leaseId).update();
    }

    /** The target refused or was down: the lease stays live (REVOKING when asked to end) for another try. */
    void recordFailure(UUID leaseId, LeaseState state, String reason, String error) {
        jdbc.sql("""
                        UPDATE leases SET state = :state, revoke_reason = coalesce(:reason, revoke_reason),
                            revoke_attempts = revoke_attempts + 1, last_error = :error
                        WHERE lease_id = :id
                        """)
                .param("state", state.name()).param("reason", reason).param("error", error)
                .param("id", leaseId).update();
    }

    void markAudited(UUID leaseId) {
        jdbc.sql("UPDATE leases SET revocation_audited = true WHERE lease_id = :id").param("id", leaseId).update();
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static LeaseRecord row(ResultSet rs, int rowNum) throws SQLException {
        Timestamp revokedAt = rs.getTimestamp("revoked_at");
        return new LeaseRecord(rs.getObject("lease_id", UUID.class), rs.getString("connection"),
                rs.getString("secret_type"), rs.getBoolean("dynamic"), rs.getString("role_name"),
                rs.getString("session_id"), rs.getString("caller_issuer"), rs.getString("caller_subject"),
                rs.getString("issued_to"), rs.getTimestamp("issued_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(), rs.getTimestamp("max_expires_at").toInstant(),
                Duration.ofSeconds(rs.getLong("ttl_seconds")), LeaseState.valueOf(rs.getString("state")),
                revokedAt == null ? null : revokedAt.toInstant(), rs.getString("revoke_reason"));
    }
}
