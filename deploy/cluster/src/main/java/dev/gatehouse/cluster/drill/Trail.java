package dev.gatehouse.cluster.drill;

import dev.gatehouse.cluster.Layout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The drills' connections' REQUEST, RESPONSE and DECISION events as the ledger stored them. */
record Trail(List<Event> events, long waitedMillis) {

    record Event(String id, String session, long seq, String kind, String connection, String verdict, String approvalId,
                 Integer status, String path, String statement) {
    }

    private static final String QUERY = """
            SELECT id::text, session_id, seq, kind, connection, verdict, approval_id, status, operation->>'path',
                   operation->>'statement'
              FROM events WHERE connection IN ('drill-http', 'drill-db') AND kind IN ('REQUEST', 'RESPONSE', 'DECISION')
               AND (operation->>'path' LIKE ? OR operation->>'statement' LIKE ?)""";

    /**
     * Reads the trail once the ledger has caught up: its consumer group has committed everything the audit
     * topic holds, and the count of stored events has not moved for a few seconds (a proxy's spool drains
     * into the topic meanwhile). A restarted ledger may take its consumer session's timeout to resume, so
     * the count alone would say "settled" too early. Reads what is there when the wait is over.
     */
    static Trail settled(String tag, long quietMillis, long maxWaitMillis) throws SQLException, InterruptedException {
        long started = System.currentTimeMillis();
        long deadline = started + maxWaitMillis;
        long lastCount = -1;
        long stableSince = System.currentTimeMillis();
        try (LedgerLag lag = new LedgerLag()) {
            while (true) {
                long count = count();
                long now = System.currentTimeMillis();
                if (count != lastCount) {
                    lastCount = count;
                    stableSince = now;
                } else if ((now - stableSince >= quietMillis && lag.caughtUp()) || now > deadline) {
                    if (now > deadline) {
                        System.out.println("  the ledger had not caught up after " + maxWaitMillis / 1000 + " s; checking what it stored");
                    }
                    return new Trail(read(tag), now - started);
                }
                Thread.sleep(500);
            }
        }
    }

    private static long count() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return -2; // the ledger's database is down or restarting: not settled
        }
    }

    /** The events of one drill's actions: its tag is in their paths and statements. */
    private static List<Event> read(String tag) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (Connection connection = connect(); java.sql.PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setString(1, "%/" + tag + "/%");
            statement.setString(2, "%'" + tag + "'%");
            ResultSet rows = statement.executeQuery();
            while (rows.next()) {
                int status = rows.getInt(8);
                Integer answered = rows.wasNull() ? null : status;
                events.add(new Event(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getString(7), answered, rows.getString(9),
                        rows.getString(10)));
            }
        }
        return events;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + Layout.HOST + ":" + Layout.SERVICES_POSTGRES
                + "/gatehouse_audit", "postgres", "postgres");
    }
}
