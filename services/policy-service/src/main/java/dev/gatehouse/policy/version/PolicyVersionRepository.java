package dev.gatehouse.policy.version;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code policy_version} table. Callers that write hold {@link #lockWriters()} in their transaction. */
@Repository
class PolicyVersionRepository {

    /** Advisory lock id serialising new versions across replicas (an arbitrary constant, this table's own). */
    private static final long WRITERS = 0x6761_7465_686f_7573L;

    private static final String INFO = "version, author, created_at, sha256, comment, rolled_back_from";
    private static final String ROW = INFO + ", document, author_issuer, audit_event_id, published";

    private final JdbcClient jdbc;

    PolicyVersionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Transaction-scoped: released at commit or rollback, so a crashed writer never holds it. */
    void lockWriters() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(WRITERS).query((rs, n) -> 1).list();
    }

    long activeVersion() {
        return jdbc.sql("SELECT coalesce(max(version), 0) FROM policy_version").query(Long.class).single();
    }

    Optional<VersionInfo> activeInfo() {
        return jdbc.sql("SELECT " + INFO + " FROM policy_version ORDER BY version DESC LIMIT 1")
                .query(PolicyVersionRepository::info).optional();
    }

    Optional<StoredVersion> find(long version) {
        return jdbc.sql("SELECT " + ROW + " FROM policy_version WHERE version = ?").param(version)
                .query(ROW_MAPPER).optional();
    }

    List<VersionInfo> newestFirst(int limit) {
        return jdbc.sql("SELECT " + INFO + " FROM policy_version ORDER BY version DESC LIMIT ?").param(limit)
                .query(PolicyVersionRepository::info).list();
    }

    VersionInfo insert(long version, String document, String sha256, Author author, String comment,
                       Long rolledBackFrom, UUID auditEventId) {
        return jdbc.sql("""
                        INSERT INTO policy_version (version, document, sha256, author, author_issuer, comment,
                                                    rolled_back_from, audit_event_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        RETURNING\s""" + INFO)
                .params(version, document, sha256, author.subject(), author.issuer(), comment, rolledBackFrom, auditEventId)
                .query(PolicyVersionRepository::info).single();
    }

    List<Long> unpublished(int limit) {
        return jdbc.sql("SELECT version FROM policy_version WHERE NOT published ORDER BY version LIMIT ?")
                .param(limit).query(Long.class).list();
    }

    /** The row, locked for this transaction, if it is still unpublished and no other replica holds it. */
    Optional<StoredVersion> lockUnpublished(long version) {
        return jdbc.sql("SELECT " + ROW + " FROM policy_version WHERE version = ? AND NOT published FOR UPDATE SKIP LOCKED")
                .param(version).query(ROW_MAPPER).optional();
    }

    void markPublished(long version) {
        jdbc.sql("UPDATE policy_version SET published = true WHERE version = ?").param(version).update();
    }

    private static VersionInfo info(ResultSet rs, int row) throws SQLException {
        long rolledBack = rs.getLong("rolled_back_from");
        Long rolledBackFrom = rs.wasNull() ? null : rolledBack;
        return new VersionInfo(rs.getLong("version"), rs.getString("author"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("sha256"),
                rs.getString("comment"), rolledBackFrom);
    }

    private static final RowMapper<StoredVersion> ROW_MAPPER = (rs, row) -> new StoredVersion(info(rs, row),
            rs.getString("document"), rs.getString("author_issuer"), rs.getObject("audit_event_id", UUID.class),
            rs.getBoolean("published"));
}
