package dev.gatehouse.policy.sql;

import java.util.List;

/** The statements of one SQL string in execution order; empty when it holds only comments and semicolons. */
public record SqlAnalysis(List<SqlStatement> statements) {

    public SqlAnalysis {
        statements = List.copyOf(statements);
    }

    /** Whether any statement could not be analysed: such a string must never be allowed outright. */
    public boolean anyUnparsed() {
        for (SqlStatement statement : statements) {
            if (!statement.parsed()) {
                return true;
            }
        }
        return false;
    }
}
