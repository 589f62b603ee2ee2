package dev.gatehouse.policy.glob;

/**
 * A compiled glob over a plain string where {@code *} stands for any run of characters (including
 * {@code /}); everything else is literal and case-sensitive. Compiled once per rule so a decision
 * never builds a regex: matching is a few {@code startsWith}/{@code indexOf} calls.
 */
public final class ValueGlob {

    private final String source;
    private final String[] parts;

    private ValueGlob(String source) {
        this.source = source;
        this.parts = source.split("\\*", -1);
    }

    public static ValueGlob compile(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return new ValueGlob(glob);
    }

    public boolean matchesAnything() {
        return source.equals("*");
    }

    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        if (parts.length == 1) {
            return source.equals(value);
        }
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (value.length() < first.length() + last.length() || !value.startsWith(first) || !value.endsWith(last)) {
            return false;
        }
        int position = first.length();
        int end = value.length() - last.length();
        // Leftmost placement of each middle part is optimal when the only wildcard is '*'.
        for (int i = 1; i < parts.length - 1; i++) {
            String part = parts[i];
            int found = value.indexOf(part, position);
            if (found < 0 || found + part.length() > end) {
                return false;
            }
            position = found + part.length();
        }
        return true;
    }

    @Override
    public String toString() {
        return source;
    }
}
