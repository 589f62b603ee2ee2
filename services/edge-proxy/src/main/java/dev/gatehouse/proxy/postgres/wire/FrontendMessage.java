package dev.gatehouse.proxy.postgres.wire;

/**
 * The typed messages a client sends after startup. The same type byte means another message coming
 * from the database ({@link BackendMessage}: 'D' is Describe here and DataRow there), so the direction
 * is in the type. {@link #of} is an array index: it runs for every message of every session.
 */
public enum FrontendMessage {
    QUERY('Q'), PARSE('P'), BIND('B'), EXECUTE('E'), DESCRIBE('D'), CLOSE('C'), SYNC('S'), FLUSH('H'),
    COPY_DATA('d'), COPY_DONE('c'), COPY_FAIL('f'), FUNCTION_CALL('F'), TERMINATE('X'),
    /** PasswordMessage, SASLInitialResponse and SASLResponse share it; the login phase says which. */
    PASSWORD('p'),
    /** Any other byte: never forwarded, the session ends with a protocol violation. */
    UNKNOWN('\0');

    private static final FrontendMessage[] BY_TYPE = new FrontendMessage[256];

    static {
        java.util.Arrays.fill(BY_TYPE, UNKNOWN);
        for (FrontendMessage message : values()) {
            if (message != UNKNOWN) {
                BY_TYPE[message.type] = message;
            }
        }
    }

    /** The type byte on the wire. */
    public final byte type;

    FrontendMessage(char type) {
        this.type = (byte) type;
    }

    public static FrontendMessage of(char type) {
        return type < 256 ? BY_TYPE[type] : UNKNOWN;
    }
}
