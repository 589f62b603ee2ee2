package dev.gatehouse.policy.pins;

import dev.gatehouse.model.ToolPinCheck;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * The {@code tool_pins} table. A check pins on first sight in its own statement ({@code ON CONFLICT DO
 * NOTHING}) and reads the pin in a second one: under READ COMMITTED the second statement sees a pin a
 * concurrent first sighting committed, so two replicas that see two definitions at once agree on one.
 */
@Repository
class ToolPinLedger {

    static final String FIRST_SIGHT = "first-sight";

    /** One pin as an admin reads it; {@code offeredHash} is the last refused definition, if any. */
    record Pin(String connection, String tool, String hash, String pinnedBy, Instant pinnedAt, String offeredHash,
               Instant offeredAt) {
    }

    private final JdbcClient jdbc;

    ToolPinLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    ToolPinCheck.Verdict check(ToolPinCheck check) {
        jdbc.sql("INSERT INTO tool_pins (connection, tool, hash, pinned_by) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (connection, tool) DO NOTHING")
                .params(check.connection(), check.tool(), check.hash(), FIRST_SIGHT).update();
        String pinned = jdbc.sql("SELECT hash FROM tool_pins WHERE connection = ? AND tool = ?")
                .params(check.connection(), check.tool()).query(String.class).single();
        boolean accepted = pinned.equals(check.hash());
        if (!accepted) {
            jdbc.sql("UPDATE tool_pins SET offered_hash = ?, offered_at = now() WHERE connection = ? AND tool = ? "
                            + "AND offered_hash IS DISTINCT FROM ?")
                    .params(check.hash(), check.connection(), check.tool(), check.hash()).update();
        } else {
            // the server lists the pinned definition again: nothing is left to refuse or to re-approve
            jdbc.sql("UPDATE tool_pins SET offered_hash = NULL, offered_at = NULL WHERE connection = ? AND tool = ? "
                            + "AND offered_hash IS NOT NULL")
                    .params(check.connection(), check.tool()).update();
        }
        return new ToolPinCheck.Verdict(accepted, pinned);
    }

    /**
     * The changed definition some replica's list refused last, while it is not re-approved, or null: a
     * replica that never listed the tool since refuses its calls on this answer.
     */
    String refused(String connection, String tool) {
        return jdbc.sql("SELECT offered_hash FROM tool_pins WHERE connection = ? AND tool = ?")
                .params(connection, tool).query(String.class).optional().orElse(null);
    }

    /** An admin's pin: this definition and no other, from now on, on every replica. */
    void pin(String connection, String tool, String hash, String admin) {
        jdbc.sql("""
                        INSERT INTO tool_pins (connection, tool, hash, pinned_by) VALUES (?, ?, ?, ?)
                        ON CONFLICT (connection, tool) DO UPDATE SET hash = excluded.hash,
                            pinned_by = excluded.pinned_by, pinned_at = now(), offered_hash = NULL, offered_at = NULL""")
                .params(connection, tool, hash, admin).update();
    }

    boolean forget(String connection, String tool) {
        return jdbc.sql("DELETE FROM tool_pins WHERE connection = ? AND tool = ?").params(connection, tool).update() > 0;
    }

    List<Pin> list(String connection) {
        return jdbc.sql("SELECT connection, tool, hash, pinned_by, pinned_at, offered_hash, offered_at FROM tool_pins "
                        + "WHERE connection = ? ORDER BY tool")
                .param(connection)
                .query((rs, row) -> new Pin(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getString(6),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()))
                .list();
    }
}
