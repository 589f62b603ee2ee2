package dev.gatehouse.vault.mysql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Quoting for MySQL account DDL, which takes no bind parameters. Fail closed rather than escape: how a
 * backslash inside a string literal is read depends on the server's {@code NO_BACKSLASH_ESCAPES}, so a
 * user name or role that is not a plain identifier is refused instead of escaped. Minted names are plain
 * by construction ({@code gh_<slug>_<random>}); the check stops anything else from reaching the server.
 */
final class MysqlNames {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,79}");

    private MysqlNames() {
    }

    /** {@code 'name'@'%'}: the account a lease's user is, reachable from any host the proxy runs on. */
    static String account(String user) {
        return "'" + plain(user) + "'@'%'";
    }

    /** A role as a backtick-quoted identifier (a backtick inside would be doubled, but none gets through). */
    static String role(String role) {
        return "`" + plain(role).replace("`", "``") + "`";
    }

    /**
     * MariaDB's {@code mysql_native_password} hash, {@code *HEX(SHA1(SHA1(password)))}: sent instead of the
     * password so the plaintext never crosses the wire nor lands in the target's general or slow log.
     */
    static String nativeHash(String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            return "*" + HexFormat.of().formatHex(sha1.digest(once)).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    private static String plain(String name) {
        if (name == null || !PLAIN.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain MySQL identifier; refused rather than quoted");
        }
        return name;
    }
}
