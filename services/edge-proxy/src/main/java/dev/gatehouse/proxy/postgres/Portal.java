package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.Messages;

import java.util.List;

/** A bound statement: its result formats come from the Bind, its columns from a Describe. */
final class Portal {

    final Prepared statement;
    final short[] resultFormats;
    final Execution execution;
    List<Messages.Column> description;

    Portal(Prepared statement, short[] resultFormats, Execution execution) {
        this.statement = statement;
        this.resultFormats = resultFormats;
        this.execution = execution;
    }

    /** The result columns with the formats this Bind asked for, or {@code null} when never described. */
    List<Messages.Column> columns() {
        if (description != null) {
            return description;
        }
        List<Messages.Column> described = statement == null ? null : statement.description;
        if (described == null) {
            return null;
        }
        java.util.ArrayList<Messages.Column> columns = new java.util.ArrayList<>(described.size());
        for (int c = 0; c < described.size(); c++) {
            short format = resultFormats.length == 0 ? 0 : resultFormats.length == 1 ? resultFormats[0]
                    : c < resultFormats.length ? resultFormats[c] : 0;
            columns.add(described.get(c).withFormat(format));
        }
        return columns;
    }
}
