package dev.gatehouse.policy.glob;

import java.util.Collection;
import java.util.List;

/** Several {@link ValueGlob}s; a value matches the set when it matches any of them. An empty set matches nothing. */
public final class GlobSet {

    private final ValueGlob[] globs;
    private final String source;

    private GlobSet(ValueGlob[] globs, String source) {
        this.globs = globs;
        this.source = source;
    }

    public static GlobSet compile(Collection<String> patterns) {
        return new GlobSet(patterns.stream().map(ValueGlob::compile).toArray(ValueGlob[]::new),
                List.copyOf(patterns).toString());
    }

    public boolean isEmpty() {
        return globs.length == 0;
    }

    public boolean matches(String value) {
        for (ValueGlob glob : globs) {
            if (glob.matches(value)) {
                return true;
            }
        }
        return false;
    }

    /** True when every value matches (vacuously true for no values). */
    public boolean matchesAll(Collection<String> values) {
        for (String value : values) {
            if (!matches(value)) {
                return false;
            }
        }
        return true;
    }

    /** True when at least one value matches. */
    public boolean matchesAny(Collection<String> values) {
        for (String value : values) {
            if (matches(value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return source;
    }
}
