package dev.gatehouse.vault.postgres;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Names and passwords of minted roles. A name is {@code gh_<connection slug>_<random>}, lower case and
 * well under PostgreSQL's 63-byte limit (longer names are silently truncated, which could merge two
 * leases into one role). Passwords are 32 random base62 characters, about 190 bits.
 */
public final class RoleNames {

    public static final String PREFIX = "gh_";
    private static final int SLUG_LENGTH = 24;
    private static final int USER_SLUG_LENGTH = 16;
    private static final int SUFFIX_LENGTH = 10;
    private static final int PASSWORD_LENGTH = 32;
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RoleNames() {
    }

    public static String next(String connection) {
        return PREFIX + slug(connection, SLUG_LENGTH) + "_" + random(LOWER, SUFFIX_LENGTH);
    }

    /**
     * A MySQL/MariaDB user name for a MYSQL_DYNAMIC lease: the same shape with a shorter slug, at most 30
     * characters, because MySQL 8 caps user names at 32 (and refuses longer ones rather than truncating).
     */
    public static String nextUser(String connection) {
        return PREFIX + slug(connection, USER_SLUG_LENGTH) + "_" + random(LOWER, SUFFIX_LENGTH);
    }

    /**
     * The connection's object owner, {@code gh_<connection slug>_owner}: a NOLOGIN role without attributes
     * that inherits what dropped lease roles owned, so an approved {@code SECURITY DEFINER} function never
     * ends up owned by the vault's admin (often a superuser). Never a minted name: those end in 10 characters.
     */
    public static String owner(String connection) {
        return PREFIX + slug(connection, SLUG_LENGTH) + "_owner";
    }

    private static String slug(String connection, int maxLength) {
        String slug = connection.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.length() > maxLength) {
            slug = slug.substring(0, maxLength);
        }
        return slug.isEmpty() ? "conn" : slug;
    }

    public static String password() {
        return random(BASE62, PASSWORD_LENGTH);
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
