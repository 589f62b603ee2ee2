package dev.gatehouse.proxy.masking.detect;

/**
 * Names and their values in text, at a separator: {@code name=value}, {@code name: value},
 * {@code "name": "value"}, JSON-escaped {@code \\"name\\":\\"value\\"} and URL-encoded
 * {@code name%3Dvalue} / {@code %22name%22%3A%22value%22}. The name is read backwards from the separator,
 * the value forwards to where it ends (a quote, a blank, a list separator followed by another name), then
 * handed to {@link SecretValues}. Code and prose are told apart from assignments here: {@code Type::method},
 * a label inside a string literal, the first word of a sentence.
 */
final class Separators {

    private static final int MAX_NAME = 64;
    private static final int MAX_VALUE = 256;
    private static final int MAX_ENCODED = 8192;

    private Separators() {
    }

    /** At '=' or ':' in text: looks back for a name, forward for its value. */
    static void atSeparator(byte[] a, int lo, int i, int limit, boolean[] on, Matches out) {
        byte sep = a[i];
        if (sep == '=' && ((i > lo && "=!<>".indexOf(a[i - 1]) >= 0) || (i + 1 < limit && a[i + 1] == '='))) {
            return;
        }
        if (sep == ':' && ((i > lo && a[i - 1] == ':') || (i + 1 < limit && a[i + 1] == ':'))) {
            return; // Type::method, std::string, IPv6: not a name and its value
        }
        int skip = sep == ':' && i + 1 < limit && a[i + 1] == '=' ? 1 : 0;
        separator(a, lo, i, i + 1 + skip, limit, false, on, out);
    }

    /** At '%' of a URL-encoded {@code %3D} or {@code %3A}: {@code q=%7B%22password%22%3A%22...}. */
    static void atEncodedSeparator(byte[] a, int lo, int i, int limit, boolean[] on, Matches out) {
        if (i + 2 < limit && a[i + 1] == '3' && (Ascii.lower(a[i + 2]) == 'd' || Ascii.lower(a[i + 2]) == 'a')) {
            separator(a, lo, i, i + 3, limit, true, on, out);
        }
    }

    private static void separator(byte[] a, int lo, int i, int valueFrom, int limit, boolean encoded, boolean[] on,
                                  Matches out) {
        int k = i - 1;
        while (k >= lo && i - k <= 4 && (a[k] == ' ' || a[k] == '\t')) {
            k--;
        }
        if (k >= lo && (a[k] == '"' || a[k] == '\'')) {
            k -= k > lo && a[k - 1] == '\\' ? 2 : 1;
        } else if (k - 2 >= lo && a[k - 2] == '%' && a[k - 1] == '2' && (a[k] == '2' || a[k] == '7')) {
            k -= 3; // an URL-encoded quote
        }
        int nameEnd = k + 1;
        while (k >= lo && nameEnd - k <= MAX_NAME && (Ascii.isAlnum(a[k]) || a[k] == '_' || a[k] == '-' || a[k] == '.')) {
            k--;
        }
        if (nameEnd == i && k >= lo && (a[k] == '"' || a[k] == '\'') && valueFrom < limit && a[valueFrom] == a[k]) {
            return; // a label inside a string literal: new PasswordCallback("Password:", false)
        }
        if (k >= lo && a[k] == ':' && !(k > lo && a[k - 1] == '/')) {
            // a path segment (arn:aws:secretsmanager:...:secret:name) or our own [HMAC:<id>:<hex>] token; but
            // .npmrc's "//registry.example.com/:_authToken=" scopes a real name
            return;
        }
        valueAfter(a, valueFrom, limit, SecretNames.classify(a, k + 1, nameEnd), encoded, on, out);
    }

    private static void valueAfter(byte[] a, int from, int limit, int kind, boolean encoded, boolean[] on, Matches out) {
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
        } else if (encoded && Ascii.startsWith(a, v, limit, "%22")) {
            quote = '%';
            v += 3;
        }
        int base = kind & SecretNames.KIND;
        if (base == SecretNames.NONE) {
            // The common case, an ordinary name: only a whole base64 value could still hide a credential.
            // Every "name=" and "name:" in text comes here: turn away short values and UUIDs by two bytes.
            int probe = v + EncodedSecrets.MIN_LENGTH - 1;
            if (probe >= limit || !Ascii.is(a[probe], Ascii.B64 | Ascii.B64URL) || a[v + 8] == '-') {
                return;
            }
            int end = Ascii.run(a, v, limit, Ascii.B64 | Ascii.B64URL, MAX_ENCODED);
            end = Ascii.run(a, end, limit, Ascii.PAD, 2);
            if (end - v >= EncodedSecrets.MIN_LENGTH && (end == limit || endsValue(a, end, limit, quote, base))) {
                EncodedSecrets.check(a, v, end, false, on, out);
            }
            return;
        }
        int stop = Math.min(limit, v + MAX_VALUE);
        int end = v;
        while (end < stop && !endsValue(a, end, limit, quote, base)) {
            end++;
        }
        if (ownDigest(a, v, end, limit) || (quote == 0 && base != SecretNames.AUTHORIZATION && prose(a, end, limit)
                && lettersOnly(a, v, end))) {
            return; // "badCredentials=Credenciales erróneas": the first word of a message, not a password
        }
        SecretValues.value(a, v, end, kind, on, out);
    }

    private static boolean lettersOnly(byte[] a, int from, int to) {
        int end = to > from && ":.,;!?".indexOf(a[to - 1]) >= 0 ? to - 1 : to; // "Cookies: Invalid cookie."
        for (int k = from; k < end; k++) {
            if (!Ascii.is(a[k], Ascii.UPPER | Ascii.LOWER) && (a[k] & 0x80) == 0) {
                return false;
            }
        }
        return true;
    }

    /** A sentence goes on after the value: a blank, then a word that is not the next name=/name: of a list. */
    private static boolean prose(byte[] a, int end, int limit) {
        if (end + 1 >= limit || a[end] != ' ' || !Ascii.is(a[end + 1], Ascii.UPPER | Ascii.LOWER)) {
            return false;
        }
        int k = end + 1;
        while (k < limit && k - end < MAX_NAME && (Ascii.isAlnum(a[k]) || a[k] == '_' || a[k] == '-' || a[k] == '.')) {
            k++;
        }
        return k < limit && a[k] != '=' && a[k] != ':';
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

    private static boolean endsValue(byte[] a, int k, int limit, byte quote, int base) {
        byte c = a[k];
        if (c == '\n' || c == '\r' || c == '\\') {
            return true;
        }
        if (quote == '%') {
            return c == '%' && k + 2 < limit && a[k + 1] == '2' && (a[k + 2] == '2' || a[k + 2] == '6');
        }
        if (quote != 0) {
            return c == quote;
        }
        if (base == SecretNames.AUTHORIZATION) {
            return c == '"' || c == '\''; // "Authorization: Token abc": the scheme and its credential
        }
        if (c == ',' || c == ';' || c == '&' || (c == '%' && k + 2 < limit && a[k + 1] == '2' && a[k + 2] == '6')) {
            // a list or query separator only if another name=/name: follows; else part of the password
            return nextIsAssignment(a, k + (c == '%' ? 3 : 1), limit);
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
        return k > name && k < limit && (a[k] == '=' || a[k] == ':' || Ascii.startsWith(a, k, limit, "%3D"));
    }
}
