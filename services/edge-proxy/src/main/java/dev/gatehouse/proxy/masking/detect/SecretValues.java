package dev.gatehouse.proxy.masking.detect;

/**
 * Values recognised by the name they are assigned to ({@link SecretNames}), as a whole value: a JSON
 * string, a header, a column, a CLI flag's argument, a value {@link Separators} found in text. Whatever the
 * name, a value that is a base64 wrapper of a credential is decoded and checked ({@link EncodedSecrets});
 * under a secret name the value must then pass {@link Validators#secretValue} (placeholders, references
 * and low-entropy words are left alone), under a weak name {@link Validators#randomToken}.
 */
public final class SecretValues {

    private static final int MAX_VALUE = 256;

    private SecretValues() {
    }

    /** A whole value under a name of {@code kind} (a JSON field, a header, a column, a flag's argument). */
    public static void value(byte[] a, int from, int to, int kind, boolean[] on, Matches out) {
        int base = kind & SecretNames.KIND;
        if (base == SecretNames.NONE) {
            // every JSON string and column value comes here: only a whole base64 value is worth a look
            if (to - from >= EncodedSecrets.MIN_LENGTH && Ascii.is(a[from], Ascii.B64 | Ascii.B64URL)
                    && Ascii.is(a[to - 1], Ascii.B64 | Ascii.B64URL | Ascii.PAD) && a[from + 8] != '-'
                    && !hexStart(a, from, from + 16)) {
                EncodedSecrets.check(a, from, to, false, on, out); // not UUIDs and digests: they fail the checks above
            }
            return;
        }
        if (EncodedSecrets.check(a, from, to, true, on, out) || EncodedSecrets.percentEncoded(a, from, to, kind, on, out)
                || VendorNames.match(kind, a, from, to, on, out)) {
            return;
        }
        if (base == SecretNames.AWS_SECRET && on[Detector.AWS_SECRET_KEY.ordinal()] && TokenMatchers.awsSecretShape(a, from, to)) {
            out.add(from, to, Detector.AWS_SECRET_KEY);
        } else if (base == SecretNames.AUTHORIZATION) {
            AuthMatchers.authorization(a, from, to, on, out);
        } else if (on[Detector.SECRET_ASSIGNMENT.ordinal()] && (base == SecretNames.WEAK
                ? Validators.randomToken(a, from, to) : Validators.secretValue(a, from, to))) {
            out.add(from, to, Detector.SECRET_ASSIGNMENT);
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
        if (word == 0 || v >= limit || (a[v - 1] != ' ' && a[v - 1] != '\t') || Ascii.is(a[v], Ascii.SPACE)
                || "{[(<".indexOf(a[v]) >= 0) {
            return; // "attribute password {xsd:string}": a schema, not a password
        }
        int end = v;
        while (end < limit && end - v < MAX_VALUE && !Ascii.is(a[end], Ascii.SPACE) && a[end] != '"' && a[end] != '\'') {
            end++;
        }
        int after = end;
        while (after < limit && after - end < 4 && a[after] == ' ') {
            after++;
        }
        if ((after < limit && "=;,)".indexOf(a[after]) >= 0) || ";,)".indexOf(a[end - 1]) >= 0) {
            return; // a declaration in code: "Password jaasConfig = ...", "(String password, ...)"
        }
        int classes = Ascii.classes(a, v, end);
        if ((classes >= 3 || (classes == 2 && end - v >= 12)) && Validators.secretValue(a, v, end)) {
            out.add(v, end, Detector.SECRET_ASSIGNMENT);
        }
    }

    private static boolean hexStart(byte[] a, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!Ascii.isDigit(a[k]) && (a[k] < 'a' || a[k] > 'f') && (a[k] < 'A' || a[k] > 'F')) {
                return false;
            }
        }
        return true;
    }

}
