package dev.gatehouse.proxy.postgres.wire;

/**
 * The SQLSTATEs the proxy answers with itself (PostgreSQL's appendix A names them), so a client's error
 * handling sees the class it would see from the database: 42501 for a refusal, 57P03 when Gatehouse
 * cannot decide now (clients retry that), 08P01 for a message it cannot accept.
 */
public final class SqlState {

    public static final String SUCCESSFUL_COMPLETION = "00000";
    public static final String CONNECTION_FAILURE = "08006";
    public static final String SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION = "08001";
    public static final String PROTOCOL_VIOLATION = "08P01";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";
    public static final String INVALID_SQL_STATEMENT_NAME = "26000";
    public static final String INVALID_AUTHORIZATION_SPECIFICATION = "28000";
    public static final String INVALID_PASSWORD = "28P01";
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    public static final String TOO_MANY_CONNECTIONS = "53300";
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    /** The server is starting or cannot serve now: clients and pools retry it. */
    public static final String CANNOT_CONNECT_NOW = "57P03";
    public static final String INTERNAL_ERROR = "XX000";

    private SqlState() {
    }
}
