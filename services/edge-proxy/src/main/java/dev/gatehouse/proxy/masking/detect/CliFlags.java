package dev.gatehouse.proxy.masking.detect;

/**
 * Secrets passed on a command line, as CI logs and process listings show them: {@code --password x},
 * {@code --api-key x}, {@code --token=x} (the '=' form is a separator, see {@link SecretValues}), the same
 * as JSON argument arrays ({@code ["--token", "x"]}), and MySQL's glued {@code -pSECRET}. The flag's name is
 * classified like any other name; a following argument that is itself a flag is not a value.
 */
final class CliFlags {

    private static final int MAX_NAME = 40;
    private static final int MAX_VALUE = 256;
    /** How far back on the line a {@code mysql} command may start for {@code -p} to be its password. */
    private static final int MYSQL_REACH = 120;

    private CliFlags() {
    }

    /** At '-' that starts a flag (after a blank, a quote or the start). */
    static void atDash(byte[] a, int lo, int i, int limit, boolean[] on, Matches out) {
        if (i > lo && !Ascii.is(a[i - 1], Ascii.SPACE) && a[i - 1] != '"' && a[i - 1] != '\'') {
            return;
        }
        if (i + 2 < limit && a[i + 1] == '-' && Ascii.isAlnum(a[i + 2])) {
            longFlag(a, i + 2, limit, on, out);
        } else if (i + 2 < limit && a[i + 1] == 'p' && !Ascii.is(a[i + 2], Ascii.SPACE) && a[i + 2] != '-'
                && a[i + 2] != '"' && mysqlBefore(a, lo, i)) {
            int end = valueEnd(a, i + 2, limit, (byte) 0);
            if (Validators.secretValue(a, i + 2, end)) {
                out.add(i + 2, end, Detector.SECRET_ASSIGNMENT);
            }
        }
    }

    private static void longFlag(byte[] a, int name, int limit, boolean[] on, Matches out) {
        int k = Ascii.run(a, name, limit, Ascii.ALNUM | Ascii.B64URL, MAX_NAME);
        int kind = SecretNames.classify(a, name, k);
        int base = kind & SecretNames.KIND;
        if (base == SecretNames.NONE || base == SecretNames.AUTHORIZATION) {
            return;
        }
        // "--token x" on a shell line; "--token", "x" in a JSON argument list
        if (k < limit && (a[k] == '"' || a[k] == '\'')) {
            k++;
            if (k < limit && a[k] == ',') {
                k++;
            }
        }
        if (k >= limit || (a[k] != ' ' && a[k] != '\t')) {
            return;
        }
        while (k < limit && (a[k] == ' ' || a[k] == '\t')) {
            k++;
        }
        byte quote = k < limit && (a[k] == '"' || a[k] == '\'') ? a[k] : 0;
        int v = quote == 0 ? k : k + 1;
        if (v >= limit || Ascii.is(a[v], Ascii.SPACE)) {
            return;
        }
        int end = valueEnd(a, v, limit, quote);
        if (!isFlag(a, v, end)) {
            SecretValues.value(a, v, end, kind, on, out);
        }
    }

    /** The next argument is another flag ({@code --region}, {@code -v}), not the value: a short dash-word. */
    private static boolean isFlag(byte[] a, int from, int to) {
        int k = from;
        while (k < to && k - from < 2 && a[k] == '-') {
            k++;
        }
        if (k == from || k >= to || !Ascii.is(a[k], Ascii.UPPER | Ascii.LOWER) || to - from > 32) {
            return false;
        }
        for (int c = k; c < to; c++) {
            if (!Ascii.isAlnum(a[c]) && a[c] != '-' && a[c] != '=') {
                return false;
            }
        }
        return true;
    }

    private static int valueEnd(byte[] a, int v, int limit, byte quote) {
        int end = v;
        while (end < limit && end - v < MAX_VALUE && a[end] != '\n' && a[end] != '\r'
                && (quote != 0 ? a[end] != quote : !Ascii.is(a[end], Ascii.SPACE) && a[end] != '"' && a[end] != '\'')) {
            end++;
        }
        return end;
    }

    private static boolean mysqlBefore(byte[] a, int lo, int i) {
        for (int k = i - 5; k >= lo && i - k <= MYSQL_REACH && a[k] != '\n'; k--) {
            if (Ascii.startsWithIgnoreCase(a, k, i, "mysql") || Ascii.startsWithIgnoreCase(a, k, i, "mariadb")) {
                return true;
            }
        }
        return false;
    }
}
