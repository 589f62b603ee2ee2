package dev.gatehouse.policy.rule;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.Verdict;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rules in table {@code rule}: methods as text[], claim conditions as jsonb. */
@Repository
public class RuleRepository {

    private static final String COLUMNS =
            "id, description, connection, methods, path, claims, verdict, audit, priority, created_at, updated_at";
    private static final TypeReference<Map<String, String>> CLAIMS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RowMapper<Rule> mapper = this::map;

    RuleRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<Rule> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM rule ORDER BY id").query(mapper).list();
    }

    Optional<Rule> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM rule WHERE id = ?").param(id).query(mapper).optional();
    }

    Rule insert(Rule rule) {
        return jdbc.sql("INSERT INTO rule (id, description, connection, methods, path, claims, verdict, audit, priority) "
                        + "VALUES (:id, :description, :connection, CAST(:methods AS text[]), :path, "
                        + "CAST(:claims AS jsonb), :verdict, :audit, :priority) RETURNING " + COLUMNS)
                .params(parameters(rule)).query(mapper).single();
    }

    Optional<Rule> update(Rule rule) {
        return jdbc.sql("UPDATE rule SET description = :description, connection = :connection, "
                        + "methods = CAST(:methods AS text[]), path = :path, claims = CAST(:claims AS jsonb), "
                        + "verdict = :verdict, audit = :audit, priority = :priority, updated_at = now() "
                        + "WHERE id = :id RETURNING " + COLUMNS)
                .params(parameters(rule)).query(mapper).optional();
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM rule WHERE id = ?").param(id).update() > 0;
    }

    private Map<String, Object> parameters(Rule rule) {
        return Map.of("id", rule.id(), "description", rule.description() == null ? "" : rule.description(),
                "connection", rule.connection(), "methods", rule.methods().toArray(String[]::new),
                "path", rule.path(), "claims", json.writeValueAsString(rule.claims()),
                "verdict", rule.verdict().name(), "audit", rule.audit().name(), "priority", rule.priority());
    }

    private Rule map(ResultSet rs, int row) throws SQLException {
        Array methods = rs.getArray("methods");
        return new Rule(rs.getString("id"), emptyToNull(rs.getString("description")), rs.getString("connection"),
                List.of((String[]) methods.getArray()), rs.getString("path"),
                json.readValue(rs.getString("claims"), CLAIMS), Verdict.valueOf(rs.getString("verdict")),
                AuditMode.valueOf(rs.getString("audit")), rs.getInt("priority"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
