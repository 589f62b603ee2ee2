package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.SqlState;

/**
 * Why a statement did not reach the database: the ErrorResponse the client gets in place of
 * PostgreSQL's answer to the deliberately failing message forwarded in its place.
 */
record Refusal(String sqlState, String message) {

    static final String DENIED_TEXT = "GATEHOUSE POLICY DENIED";
    /** A statement or portal name no client can have created: PostgreSQL fails any use of it. */
    static final String MISSING_NAME = "gatehouse denied \u0001";

    static Refusal denied(String ruleId) {
        return new Refusal(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied by Gatehouse policy rule " + ruleId);
    }

    static Refusal unavailable(String what) {
        return new Refusal(SqlState.CANNOT_CONNECT_NOW, "Gatehouse cannot run the statement now: " + what);
    }
}
