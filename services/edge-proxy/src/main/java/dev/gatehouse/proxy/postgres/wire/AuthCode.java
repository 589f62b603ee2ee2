package dev.gatehouse.proxy.postgres.wire;

/** The codes of an Authentication ('R') message: which step of which login method it is. */
public final class AuthCode {

    public static final int OK = 0;
    public static final int CLEARTEXT_PASSWORD = 3;
    public static final int MD5_PASSWORD = 5;
    public static final int SASL = 10;
    public static final int SASL_CONTINUE = 11;
    public static final int SASL_FINAL = 12;

    private AuthCode() {
    }
}
