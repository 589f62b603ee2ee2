package dev.gatehouse.proxy.mysql.wire;

/** The capability flags Gatehouse knows, and those it offers on each side. */
public final class Capabilities {

    public static final int LONG_PASSWORD = 0x1;
    public static final int FOUND_ROWS = 0x2;
    public static final int LONG_FLAG = 0x4;
    public static final int CONNECT_WITH_DB = 0x8;
    public static final int LOCAL_FILES = 0x80;
    public static final int PROTOCOL_41 = 0x200;
    public static final int INTERACTIVE = 0x400;
    public static final int SSL = 0x800;
    public static final int TRANSACTIONS = 0x2000;
    public static final int SECURE_CONNECTION = 0x8000;
    public static final int MULTI_STATEMENTS = 0x10000;
    public static final int MULTI_RESULTS = 0x20000;
    public static final int PS_MULTI_RESULTS = 0x40000;
    public static final int PLUGIN_AUTH = 0x80000;
    public static final int CONNECT_ATTRS = 0x100000;
    public static final int PLUGIN_AUTH_LENENC_DATA = 0x200000;

    /**
     * Offered to clients. Not offered: compression (the proxy reads every packet), LOCAL_FILES (the
     * server could ask the client for any file; LOAD DATA LOCAL is refused), IGNORE_SPACE (it changes
     * how names before "(" are read), DEPRECATE_EOF and SESSION_TRACK (one result framing to read).
     */
    public static final int OFFERED = LONG_PASSWORD | FOUND_ROWS | LONG_FLAG | CONNECT_WITH_DB | PROTOCOL_41
            | INTERACTIVE | TRANSACTIONS | SECURE_CONNECTION | MULTI_STATEMENTS | MULTI_RESULTS | PS_MULTI_RESULTS
            | PLUGIN_AUTH | CONNECT_ATTRS | PLUGIN_AUTH_LENENC_DATA;

    /**
     * Asked of the server: never MULTI_STATEMENTS, so the server refuses any {@code ;} the proxy did
     * not cut at (each statement goes on its own), nor LOCAL_FILES.
     */
    public static final int UPSTREAM = LONG_PASSWORD | LONG_FLAG | CONNECT_WITH_DB | PROTOCOL_41 | TRANSACTIONS
            | SECURE_CONNECTION | MULTI_RESULTS | PS_MULTI_RESULTS | PLUGIN_AUTH | PLUGIN_AUTH_LENENC_DATA;

    /** Client flags passed on to the server as the client chose them. */
    public static final int FROM_CLIENT = FOUND_ROWS | INTERACTIVE;

    private Capabilities() {
    }
}
