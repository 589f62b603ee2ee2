package dev.gatehouse.proxy.postgres.wire;

/**
 * The typed messages the database sends (and the proxy sends its clients). The same type byte means
 * another message coming from the client ({@link FrontendMessage}: 'E' is ErrorResponse here and
 * Execute there). {@link #of} is an array index: it runs for every row of every result.
 */
public enum BackendMessage {
    AUTHENTICATION('R'), BACKEND_KEY_DATA('K'), PARAMETER_STATUS('S'), READY_FOR_QUERY('Z'),
    ROW_DESCRIPTION('T'), DATA_ROW('D'), COMMAND_COMPLETE('C'), EMPTY_QUERY_RESPONSE('I'),
    ERROR_RESPONSE('E'), NOTICE_RESPONSE('N'), NOTIFICATION_RESPONSE('A'),
    PARSE_COMPLETE('1'), BIND_COMPLETE('2'), CLOSE_COMPLETE('3'), NO_DATA('n'), PORTAL_SUSPENDED('s'),
    PARAMETER_DESCRIPTION('t'), COPY_IN_RESPONSE('G'), COPY_OUT_RESPONSE('H'), COPY_BOTH_RESPONSE('W'),
    COPY_DATA('d'), COPY_DONE('c'), FUNCTION_CALL_RESPONSE('V'), NEGOTIATE_PROTOCOL_VERSION('v'),
    /** Any other byte: nothing PostgreSQL sends; a session that gets one ends. */
    UNKNOWN('\0');

    private static final BackendMessage[] BY_TYPE = new BackendMessage[256];

    static {
        java.util.Arrays.fill(BY_TYPE, UNKNOWN);
        for (BackendMessage message : values()) {
            if (message != UNKNOWN) {
                BY_TYPE[message.type] = message;
            }
        }
    }

    /** The type byte on the wire. */
    public final byte type;

    BackendMessage(char type) {
        this.type = (byte) type;
    }

    public static BackendMessage of(char type) {
        return type < 256 ? BY_TYPE[type] : UNKNOWN;
    }
}
