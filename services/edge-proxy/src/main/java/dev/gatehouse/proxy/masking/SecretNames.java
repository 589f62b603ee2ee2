package dev.gatehouse.proxy.masking;

import java.util.List;

/**
 * Secrets recognised by their name rather than their shape: {@code password=...}, {@code secret: ...},
 * {@code "api_key": "..."}, a {@code client_secret} JSON field, a {@code db_password} column. A name is
 * a secret name when, lower-cased and with {@code _ - .} removed, it ends in one of {@link #SUFFIXES}
 * (so {@code DB_PASSWORD}, {@code clientSecret}, {@code x-api-key}); pagination cursors
 * ({@code next_page_token}) are not credentials and are excluded. The value must then pass
 * {@link Validators#secretValue}: placeholders, references and low-entropy words are left alone.
 */
final class SecretNames {

    static final int NONE = 0;
    static final int SECRET = 1;
    static final int AWS_SECRET = 2;

    private static final List<String> SUFFIXES = List.of("password", "passwd", "passphrase", "secret", "token",
            "apikey", "accesskey", "secretkey", "privatekey", "signingkey", "encryptionkey", "masterkey", "authkey",
            "credential", "credentials");
    /** Short keywords that only count as a whole word ({@code db_pass}, {@code dbPwd}), not in {@code bypass}. */
    private static final List<String> WORD_SUFFIXES = List.of("pass", "pwd");
    private static final List<String> NOT_SECRETS = List.of("nexttoken", "pagetoken", "continuationtoken",
            "synctoken", "cursortoken", "resumetoken", "csrftoken", "xsrftoken");
    private static final List<String> AWS_NAMES = List.of("secretaccesskey", "awssecretkey", "awssecret");
    private static final Suffix[][] BY_LAST_LETTER = byLastLetter();
    private static final int MAX_NAME = 64;
    private static final int MAX_VALUE = 256;

    private SecretNames() {
    }

    /** What kind of name {@code a[from, to)} is: {@link #NONE}, {@link #SECRET} or {@link #AWS_SECRET}. */
    static int classify(byte[] a, int from, int to) {
        int last = to - from < 3 ? 0 : Ascii.lower(a[to - 1]);
        if (last < 'a' || last > 'z') {
            return NONE;
        }
        // Every JSON field name and every "name=" in text comes here: only suffixes with the same last letter.
        for (Suffix suffix : BY_LAST_LETTER[last - 'a']) {
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
        return NONE;
    }

    private record Suffix(String text, int kind) {
    }

    /** AWS names first, then the exclusions, then the secret suffixes: the first that matches decides. */
    private static Suffix[][] byLastLetter() {
        List<Suffix> all = new java.util.ArrayList<>();
        AWS_NAMES.forEach(n -> all.add(new Suffix(n, AWS_SECRET)));
        NOT_SECRETS.forEach(n -> all.add(new Suffix(n, NONE)));
        SUFFIXES.forEach(n -> all.add(new Suffix(n, SECRET)));
        Suffix[][] table = new Suffix[26][];
        for (char c = 'a'; c <= 'z'; c++) {
            char letter = c;
            table[c - 'a'] = all.stream().filter(x -> x.text().charAt(x.text().length() - 1) == letter).toArray(Suffix[]::new);
        }
        return table;
    }

    /** At '=' or ':' in text: looks back for a secret name, forward for its value. */
    static void atSeparator(byte[] a, int lo, int i, int limit, boolean[] on, Matches out) {
        byte sep = a[i];
        if (sep == '=' && ((i > lo && "=!<>".indexOf(a[i - 1]) >= 0) || (i + 1 < limit && a[i + 1] == '='))) {
            return;
        }
        int k = i - 1;
        while (k >= lo && i - k <= 4 && (a[k] == ' ' || a[k] == '\t')) {
            k--;
        }
        if (k >= lo && (a[k] == '"' || a[k] == '\'')) {
            k -= k > lo && a[k - 1] == '\\' ? 2 : 1;
        }
        int nameEnd = k + 1;
        while (k >= lo && nameEnd - k <= MAX_NAME && (Ascii.isAlnum(a[k]) || a[k] == '_' || a[k] == '-' || a[k] == '.')) {
            k--;
        }
        if (k >= lo && a[k] == ':') {
            return; // a path segment (arn:aws:secretsmanager:...:secret:name) or our own [HMAC:<id>:<hex>] token
        }
        int kind = classify(a, k + 1, nameEnd);
        if (kind != NONE) {
            valueAfter(a, i + 1 + (sep == ':' && i + 1 < limit && a[i + 1] == '=' ? 1 : 0), limit, kind, on, out);
        }
    }

    /**
     * At a word starting with 'p': {@code password S3cr3t} with a single blank and no '=' or ':' (.netrc,
     * {@code --password X}). Prose puts ordinary words there, so the value must look like a password:
     * three character classes, or two and 12+ characters.
     */
    static void atPasswordWord(byte[] a, int i, int limit, Matches out) {
        int word = Ascii.startsWithIgnoreCase(a, i, limit, "password") ? 8
                : Ascii.startsWithIgnoreCase(a, i, limit, "passwd") ? 6 : 0;
        int v = i + word + 1;
        if (word == 0 || v >= limit || (a[v - 1] != ' ' && a[v - 1] != '\t') || Ascii.is(a[v], Ascii.SPACE)) {
            return;
        }
        int end = v;
        while (end < limit && end - v < MAX_VALUE && !Ascii.is(a[end], Ascii.SPACE) && a[end] != '"' && a[end] != '\'') {
            end++;
        }
        int classes = Ascii.classes(a, v, end);
        if ((classes >= 3 || (classes == 2 && end - v >= 12)) && Validators.secretValue(a, v, end)) {
            out.add(v, end, Detector.SECRET_ASSIGNMENT);
        }
    }

    /** A whole value under a secret name (a JSON field, a header, a column): no tokenising. */
    static void value(byte[] a, int from, int to, int kind, boolean[] on, Matches out) {
        if (kind == AWS_SECRET && on[Detector.AWS_SECRET_KEY.ordinal()] && TokenMatchers.awsSecretShape(a, from, to)) {
            out.add(from, to, Detector.AWS_SECRET_KEY);
        } else if (on[Detector.SECRET_ASSIGNMENT.ordinal()] && Validators.secretValue(a, from, to)) {
            out.add(from, to, Detector.SECRET_ASSIGNMENT);
        }
    }

    private static void valueAfter(byte[] a, int from, int limit, int kind, boolean[] on, Matches out) {
        int v = from;
        while (v < limit && v - from < 8 && (a[v] == ' ' || a[v] == '\t')) {
            v++;
        }
        if (v >= limit) {
            return;
        }
        byte quote = 0;
        if (a[v] == '"' || a[v] == '\'' || a[v] == '`') {
            quote = a[v++];
        } else if (a[v] == '\\' && v + 1 < limit && a[v + 1] == '"') {
            quote = '"';
            v += 2;
        }
        int stop = Math.min(limit, v + MAX_VALUE);
        int end = v;
        while (end < stop && !endsValue(a, end, limit, quote)) {
            end++;
        }
        if (!ownDigest(a, v, end, limit)) {
            value(a, v, end, kind, on, out);
        }
    }

    /** The hex of our own {@code [HMAC:<id>:<hex>]} token, even when its start is out of sight. */
    private static boolean ownDigest(byte[] a, int from, int to, int limit) {
        if (to - from != 16 || to >= limit || a[to] != ']') {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (!Ascii.isDigit(a[k]) && (a[k] < 'a' || a[k] > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsValue(byte[] a, int k, int limit, byte quote) {
        byte c = a[k];
        if (c == '\n' || c == '\r' || c == '\\') {
            return true;
        }
        if (quote != 0) {
            return c == quote;
        }
        if (c == ',' || c == ';' || c == '&') {
            // a list or query separator only if another name=/name: follows; else part of the password
            return nextIsAssignment(a, k + 1, limit);
        }
        return c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '`' || c == ')' || c == ']' || c == '}'
                || c == '<' || c == '>';
    }

    private static boolean nextIsAssignment(byte[] a, int from, int limit) {
        int k = from;
        while (k < limit && k - from < 2 && a[k] == ' ') {
            k++;
        }
        if (k >= limit || Ascii.is(a[k], Ascii.SPACE)) {
            return true;
        }
        int name = k;
        while (k < limit && k - name < MAX_NAME && (Ascii.isAlnum(a[k]) || a[k] == '_' || a[k] == '-' || a[k] == '.')) {
            k++;
        }
        return k > name && k < limit && (a[k] == '=' || a[k] == ':');
    }

    /** Whether the name, lower-cased and with non-alphanumerics skipped, ends in {@code suffix}; no allocation. */
    private static boolean endsWithNormalized(byte[] a, int from, int to, String suffix) {
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

    private static boolean wordStart(byte[] a, int from, int start) {
        if (start == from || !Ascii.isAlnum(a[start - 1])) {
            return true;
        }
        // camelCase: dbPwd, DbPass
        return Ascii.isUpper(a[start]) && !Ascii.isUpper(a[start - 1]);
    }
}
