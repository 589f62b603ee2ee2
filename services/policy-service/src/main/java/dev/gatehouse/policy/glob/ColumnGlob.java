package dev.gatehouse.policy.glob;

/**
 * A masking column glob, matched as the edge-proxy matches result column names: case-insensitive,
 * {@code *} any run of characters, {@code ?} exactly one, everything else literal, surrounding blanks
 * ignored. Compiled once per rule; matching builds no regex and allocates nothing.
 */
public final class ColumnGlob {

    private final String source;
    private final int[] glob;

    private ColumnGlob(String source) {
        this.source = source;
        this.glob = source.strip().codePoints().toArray();
    }

    public static ColumnGlob compile(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        return new ColumnGlob(glob);
    }

    /** Iterative wildcard matching over code points: on a mismatch, the last {@code *} takes one more. */
    public boolean matches(String name) {
        int g = 0;
        int v = 0;
        int star = -1;
        int starValue = 0;
        while (v < name.length()) {
            int c = name.codePointAt(v);
            if (g < glob.length && glob[g] == '*') {
                star = g++;
                starValue = v;
            } else if (g < glob.length && (glob[g] == '?' || same(glob[g], c))) {
                g++;
                v += Character.charCount(c);
            } else if (star >= 0) {
                g = star + 1;
                starValue += Character.charCount(name.codePointAt(starValue));
                v = starValue;
            } else {
                return false;
            }
        }
        while (g < glob.length && glob[g] == '*') {
            g++;
        }
        return g == glob.length;
    }

    /** Case-insensitive as {@code String.equalsIgnoreCase} and Unicode-aware regex matching compare characters. */
    private static boolean same(int a, int b) {
        return a == b || Character.toUpperCase(a) == Character.toUpperCase(b)
                || Character.toLowerCase(a) == Character.toLowerCase(b);
    }

    @Override
    public String toString() {
        return source;
    }
}
