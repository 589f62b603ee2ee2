package dev.gatehouse.proxy.masking.detect;

import java.util.Set;

/**
 * E-mail addresses, anchored on '@'. What is shaped like one but is not: URI userinfo
 * ({@code https://user@host}, {@code postgres://u:p@db}), scp-style Git remotes ({@code git@github.com:org/x}),
 * package specs ({@code lodash@4.17.21}, {@code @angular/core}), image density suffixes
 * ({@code icon@2x.png}), container digests ({@code image@sha256:...}).
 */
final class EmailMatcher {

    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;
    /** File extensions that are not top-level domains, as seen after '@' in asset and module names. */
    private static final Set<String> NOT_TLDS = Set.of("png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp",
            "js", "mjs", "cjs", "css", "scss", "json", "yml", "yaml", "java", "kt", "ts", "tsx", "jsx", "map",
            "txt", "lock", "min", "html", "xml", "md", "sh", "go", "rs", "class", "jar", "tgz", "gz");

    private EmailMatcher() {
    }

    /** At '@', or at '%' of a URL-encoded {@code %40} ({@code ?email=jane%40example.com}). */
    static void atAt(byte[] a, int lo, int i, int limit, Matches out) {
        int domain = i + 1;
        if (a[i] == '%') {
            if (i + 2 >= limit || a[i + 1] != '4' || a[i + 2] != '0') {
                return;
            }
            domain = i + 3;
        }
        int start = i;
        while (start > lo && i - start < MAX_LOCAL && isLocal(a[start - 1])) {
            start--;
        }
        while (start < i && a[start] == '.') {
            start++;
        }
        if (start == i || a[i - 1] == '.' || !hasAlnum(a, start, i) || userinfo(a, lo, start)
                || (i - start == MAX_LOCAL && start > lo && isLocal(a[start - 1]))) {
            return; // empty or too long a local part ("%@x", a 90-character token before '@')
        }
        int end = domainEnd(a, domain, limit);
        if (end < 0) {
            return;
        }
        // scp-like remote "git@host:path" (an e-mail is not followed by ':' and a path)
        if (end + 1 < limit && a[end] == ':' && !Ascii.is(a[end + 1], Ascii.SPACE) && a[end + 1] != '"') {
            return;
        }
        out.add(start, end, Detector.EMAIL);
    }

    private static boolean hasAlnum(byte[] a, int from, int to) {
        for (int k = from; k < to; k++) {
            if (Ascii.isAlnum(a[k])) {
                return true;
            }
        }
        return false;
    }

    /** Labels separated by dots, at least two, ending in an alphabetic TLD; -1 if not a domain. */
    private static int domainEnd(byte[] a, int from, int limit) {
        int k = from;
        int labels = 0;
        int lastLabel = from;
        int stop = Math.min(limit, from + MAX_DOMAIN);
        while (k < stop) {
            int end = k;
            while (end < stop && (Ascii.isAlnum(a[end]) || a[end] == '-') && end - k < 63) {
                end++;
            }
            if (end == k || a[k] == '-' || a[end - 1] == '-') {
                break;
            }
            labels++;
            lastLabel = k;
            k = end;
            if (k + 1 < stop && a[k] == '.' && Ascii.isAlnum(a[k + 1])) {
                k++;
            } else {
                break;
            }
        }
        if (labels < 2 || k - lastLabel < 2 || k - lastLabel > 24 || (k < limit && isLocal(a[k]) && a[k] != '.')) {
            return -1;
        }
        for (int t = lastLabel; t < k; t++) {
            if (!Ascii.is(a[t], Ascii.UPPER | Ascii.LOWER)) {
                return -1;
            }
        }
        String tld = new String(a, lastLabel, k - lastLabel, java.nio.charset.StandardCharsets.US_ASCII);
        return NOT_TLDS.contains(tld.toLowerCase(java.util.Locale.ROOT)) ? -1 : k;
    }

    /**
     * The local part is (the end of) the userinfo of a URI ({@code scheme://user@}, {@code //u:p@},
     * {@code //u:p*ss@} where the password holds characters an address cannot), unless mailto:.
     */
    private static boolean userinfo(byte[] a, int lo, int start) {
        if (start == lo) {
            return false;
        }
        byte before = a[start - 1];
        if (before == ':' || before == '/') {
            return !(start - 7 >= lo && Ascii.startsWithIgnoreCase(a, start - 7, start, "mailto:"));
        }
        for (int k = start - 1; k > lo && start - k < 256; k--) {
            byte c = a[k];
            if (Ascii.is(c, Ascii.SPACE) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '@') {
                return false;
            }
            if (c == '/') {
                return a[k - 1] == '/' && k - 2 >= lo && a[k - 2] == ':';
            }
        }
        return false;
    }

    private static boolean isLocal(byte c) {
        return Ascii.isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }
}
