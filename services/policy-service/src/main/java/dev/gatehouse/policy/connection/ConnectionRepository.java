package dev.gatehouse.policy.connection;

import dev.gatehouse.model.Protocol;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Connections in table {@code connection}; duplicates surface as Spring's DuplicateKeyException. */
@Repository
public class ConnectionRepository {

    private static final String COLUMNS = "name, protocol, upstream, description, created_at, updated_at";

    private static final RowMapper<Connection> MAPPER = (rs, row) -> new Connection(
            rs.getString("name"), Protocol.valueOf(rs.getString("protocol")), rs.getString("upstream"),
            rs.getString("description"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            rs.getObject("updated_at", OffsetDateTime.class).toInstant());

    private final JdbcClient jdbc;

    ConnectionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Connection> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM connection ORDER BY name").query(MAPPER).list();
    }

    Optional<Connection> find(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM connection WHERE name = ?").param(name).query(MAPPER).optional();
    }

    Connection insert(String name, Protocol protocol, String upstream, String description) {
        return jdbc.sql("INSERT INTO connection (name, protocol, upstream, description) VALUES (?, ?, ?, ?) "
                        + "RETURNING " + COLUMNS)
                .params(name, protocol.name(), upstream, description).query(MAPPER).single();
    }

    Optional<Connection> update(String name, Protocol protocol, String upstream, String description) {
        return jdbc.sql("UPDATE connection SET protocol = ?, upstream = ?, description = ?, updated_at = now() "
                        + "WHERE name = ? RETURNING " + COLUMNS)
                .params(protocol.name(), upstream, description, name).query(MAPPER).optional();
    }

    boolean delete(String name) {
        return jdbc.sql("DELETE FROM connection WHERE name = ?").param(name).update() > 0;
    }
}
