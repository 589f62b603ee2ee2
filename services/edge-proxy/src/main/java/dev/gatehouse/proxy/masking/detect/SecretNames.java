package dev.gatehouse.proxy.masking.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Which names say their value is a secret: {@code password=...}, {@code secret: ...},
 * {@code "api_key": "..."}, a {@code client_secret} JSON field, a {@code db_password} column, an
 * {@code --token} flag. A name is a secret name when, lower-cased and with {@code _ - .} removed, it ends
 * in one of {@link #SUFFIXES} (so {@code DB_PASSWORD}, {@code clientSecret}, {@code x-api-key});
 * pagination cursors ({@code next_page_token}) are not credentials and are excluded. Names ending in
 * {@link #WEAK_SUFFIXES} ({@code STRIPE_KEY}, {@code auth}, {@code creds}) are {@link #WEAK}: their value
 * counts only when it looks random, since {@code sort_key} and {@code cache_key} hold ordinary data.
 * <p>
 * The kind is an int so that JSON frames, columns and headers carry it without allocation: the low four
 * bits are the kind, the bits above are {@code 1 +} the index of a vendor named in it ({@link VendorNames}).
 */
public final class SecretNames {

    public static final int NONE = 0;
    static final int SECRET = 1;
    static final int AWS_SECRET = 2;
    /** {@code *key}, {@code *auth}, {@code *creds}: secret only if the value looks random. */
    static final int WEAK = 3;
    /** {@code Authorization} / {@code Proxy-Authorization}: a scheme, then the credential. */
    public static final int AUTHORIZATION = 4;
    public static final int KIND = 0xf;

    private static final List<String> SUFFIXES = List.of("password", "passwd", "passphrase", "secret", "token",
            "apikey", "accesskey", "secretkey", "privatekey", "signingkey", "encryptionkey", "masterkey", "authkey",
            "credential", "credentials");
    /** Short keywords that only count as a whole word ({@code db_pass}, {@code dbPwd}), not in {@code bypass}. */
    private static final List<String> WORD_SUFFIXES = List.of("pass", "pwd");
    private static final List<String> WEAK_SUFFIXES = List.of("key", "auth", "creds");
    private static final List<String> NOT_SECRETS = List.of("nexttoken", "pagetoken", "continuationtoken",
            "synctoken", "cursortoken", "resumetoken", "csrftoken", "xsrftoken", "publickey", "publishablekey",
            "idempotencykey", "cachekey", "partitionkey", "sortkey", "primarykey", "foreignkey", "routingkey",
            "objectkey", "hashkey", "rangekey", "groupkey", "messagekey", "lookupkey", "sitekey", "uniquekey",
            "translationkey", "i18nkey", "mapkey", "indexkey", "sortingkey", "shardkey", "rowkey",
            "websocketkey");
    private static final List<String> AWS_NAMES = List.of("secretaccesskey", "awssecretkey", "awssecret");
    private static final Suffix[][] BY_LAST_TWO = byLastTwoLetters();
    private static final Suffix[] NO_SUFFIX = {};

    private SecretNames() {
    }

    /** What kind of name {@code a[from, to)} is, with the vendor it names (see the class comment). */
    public static int classify(byte[] a, int from, int to) {
        int kind = kindOf(a, from, to);
        if (kind == SECRET || kind == WEAK) {
            kind |= (VendorNames.find(a, from, to) + 1) << 4;
        }
        return kind;
    }

    private static int kindOf(byte[] a, int from, int to) {
        int last = to - from < 3 ? 0 : Ascii.lower(a[to - 1]);
        if (last < 'a' || last > 'z') {
            return NONE;
        }
        // Every JSON field name and every "name=" in text comes here: only suffixes ending in the same two letters.
        int k = to - 2;
        while (k >= from && !Ascii.isAlnum(a[k])) {
            k--;
        }
        int before = k >= from ? Ascii.lower(a[k]) : 0;
        Suffix[] bucket = before >= 'a' && before <= 'z' ? BY_LAST_TWO[(last - 'a') * 26 + before - 'a'] : NO_SUFFIX;
        for (Suffix suffix : bucket) {
            if (endsWithNormalized(a, from, to, suffix.text())) {
                return suffix.kind();
            }
        }
        if (last == 's' || last == 'd') {
            for (String word : WORD_SUFFIXES) {
                int start = to - word.length();
                if (start >= from && Ascii.startsWithIgnoreCase(a, start, to, word) && wordStart(a, from, start)) {
                    return SECRET;
                }
            }
        }
        if (last == 'n' && (equalsNormalized(a, from, to, "authorization") || equalsNormalized(a, from, to,
                "proxyauthorization"))) {
            return AUTHORIZATION;
        }
        return NONE;
    }

    private record Suffix(String text, int kind) {
    }

    /** AWS names first, then the exclusions, then the secret suffixes, then the weak ones: the first match decides. */
    private static Suffix[][] byLastTwoLetters() {
        List<Suffix> all = new ArrayList<>();
        AWS_NAMES.forEach(n -> all.add(new Suffix(n, AWS_SECRET)));
        NOT_SECRETS.forEach(n -> all.add(new Suffix(n, NONE)));
        SUFFIXES.forEach(n -> all.add(new Suffix(n, SECRET)));
        WEAK_SUFFIXES.forEach(n -> all.add(new Suffix(n, WEAK)));
        Suffix[][] table = new Suffix[26 * 26][];
        for (int k = 0; k < table.length; k++) {
            char last = (char) ('a' + k / 26);
            char before = (char) ('a' + k % 26);
            table[k] = all.stream().filter(x -> x.text().charAt(x.text().length() - 1) == last
                    && x.text().charAt(x.text().length() - 2) == before).toArray(Suffix[]::new);
        }
        return table;
    }

    /** Whether the name, lower-cased and with non-alphanumerics skipped, ends in {@code suffix}; no allocation. */
    static boolean endsWithNormalized(byte[] a, int from, int to, String suffix) {
        int k = to - 1;
        for (int s = suffix.length() - 1; s >= 0; s--) {
            while (k >= from && !Ascii.isAlnum(a[k])) {
                k--;
            }
            if (k < from || Ascii.lower(a[k]) != suffix.charAt(s)) {
                return false;
            }
            k--;
        }
        return true;
    }

    private static boolean equalsNormalized(byte[] a, int from, int to, String name) {
        if (!endsWithNormalized(a, from, to, name)) {
            return false;
        }
        int alnum = 0;
        for (int k = from; k < to; k++) {
            alnum += Ascii.isAlnum(a[k]) ? 1 : 0;
        }
        return alnum == name.length();
    }

    private static boolean wordStart(byte[] a, int from, int start) {
        if (start == from || !Ascii.isAlnum(a[start - 1])) {
            return true;
        }
        // camelCase: dbPwd, DbPass
        return Ascii.isUpper(a[start]) && !Ascii.isUpper(a[start - 1]);
    }
}
