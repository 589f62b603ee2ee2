package dev.gatehouse.audit.search;

import dev.gatehouse.model.Verdict;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the events table. Pagination is keyset on (occurred_at, id), never OFFSET. Public because
 * session replay and export read the same rows in the same shape.
 */
@Repository
public class EventRepository {

    /** Session replay refuses to build a timeline longer than this in memory. */
    public static final int MAX_SESSION_EVENTS = 10_000;

    public static final String COLUMNS = """
            SELECT id, session_id, seq, kind, occurred_at, connection, protocol, verdict, rule_id, approval_id,
                   issuer, subject, claims::text AS claims, operation::text AS operation,
                   masking::text AS masking, payload, status, duration_ms, policy_version, lease_id
            FROM events""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RowMapper<EventView> rowMapper = this::mapRow;

    public EventRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<EventView> find(UUID id) {
        return jdbc.sql(COLUMNS + " WHERE id = :id").param("id", id).query(rowMapper).optional();
    }

    /** Up to {@code limit} events matching the query, newest first. */
    List<EventView> search(EventQuery query, int limit) {
        return search(query, SearchFilters.NONE, limit);
    }

    /** The events of one session in replay order (seq, then time), at most {@code limit}. */
    public List<EventView> session(String sessionId, int limit) {
        return jdbc.sql(COLUMNS + " WHERE session_id = :session ORDER BY seq, occurred_at, id LIMIT :limit")
                .param("session", sessionId).param("limit", limit).query(rowMapper).list();
    }

    /** Maps one row of {@link #COLUMNS}; for callers that stream rows themselves. */
    public RowMapper<EventView> rowMapper() {
        return rowMapper;
    }

    /** Up to {@code limit} events matching the query and filters, newest first unless asked otherwise. */
    List<EventView> search(EventQuery query, SearchFilters filters, int limit) {
        StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE true");
        Map<String, Object> params = new HashMap<>();
        SearchSql.filters(sql, params, filters);
        equal(sql, params, "connection", query.connection());
        equal(sql, params, "subject", query.subject());
        equal(sql, params, "verdict", query.verdict() == null ? null : query.verdict().name());
        if (query.verdict() != null && query.verdict() != Verdict.ALLOW) {
            // Fixed text, redundant with the bound value: it lets a generic plan use the partial index (V5).
            sql.append(" AND verdict <> 'ALLOW'");
        }
        equal(sql, params, "kind", query.kind() == null ? null : query.kind().name());
        equal(sql, params, "session_id", query.sessionId());
        if (query.from() != null) {
            sql.append(" AND occurred_at >= :from");
            params.put("from", query.from().atOffset(ZoneOffset.UTC));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < :to");
            params.put("to", query.to().atOffset(ZoneOffset.UTC));
        }
        if (query.after() != null) {
            // A row comparison matches the (occurred_at DESC, id DESC) index and breaks ties by id.
            sql.append(filters.ascending() ? " AND (occurred_at, id) > (:afterAt, :afterId)"
                    : " AND (occurred_at, id) < (:afterAt, :afterId)");
            params.put("afterAt", query.after().occurredAt().atOffset(ZoneOffset.UTC));
            params.put("afterId", query.after().id());
        }
        sql.append(filters.ascending() ? " ORDER BY occurred_at, id" : " ORDER BY occurred_at DESC, id DESC")
                .append(" LIMIT :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(rowMapper).list();
    }

    private static void equal(StringBuilder sql, Map<String, Object> params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = :").append(column);
            params.put(column, value);
        }
    }

    private EventView mapRow(ResultSet rs, int row) throws SQLException {
        return new EventView(rs.getObject("id", UUID.class), rs.getString("session_id"), rs.getLong("seq"),
                rs.getString("kind"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("connection"), rs.getString("protocol"), rs.getString("verdict"),
                rs.getString("rule_id"), rs.getString("approval_id"), rs.getString("issuer"),
                rs.getString("subject"), tree(rs.getString("claims")), tree(rs.getString("operation")),
                tree(rs.getString("masking")), rs.getString("payload"), rs.getObject("status", Integer.class),
                rs.getObject("duration_ms", Long.class), rs.getObject("policy_version", Long.class),
                rs.getString("lease_id"));
    }

    private JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }
}
