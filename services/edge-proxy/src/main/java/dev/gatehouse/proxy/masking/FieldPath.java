package dev.gatehouse.proxy.masking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A JSON field path directive: {@code $.user.password}, {@code user.password}, {@code items[*].token},
 * {@code items[0].token}, {@code data.*.secret}, {@code **.password} (any depth; {@code $..password} is
 * the same). Paths are anchored at the document root unless they start with {@code **}; names compare
 * case-insensitively (a policy that says {@code apiKey} also means {@code ApiKey}: fail safe).
 */
public final class FieldPath {

    /** Where the JSON rewriter is: one step per nesting level, a field name or an array index. */
    public interface Position {
        int depth();

        boolean isIndex(int level);

        int index(int level);

        /** Whether the field name at {@code level} equals {@code lowerName} ignoring ASCII case. */
        boolean nameEquals(int level, byte[] lowerName);
    }

    private enum Kind { NAME, ANY_NAME, INDEX, ANY_INDEX, ANY_DEPTH }

    private record Step(Kind kind, byte[] name, int index) {
    }

    private final String text;
    private final List<Step> steps;

    private FieldPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    static FieldPath parse(String path) {
        String p = path.strip();
        if (p.startsWith("$..")) {
            p = "**." + p.substring(3);
        } else if (p.startsWith("$.")) {
            p = p.substring(2);
        } else if (p.equals("$")) {
            throw new IllegalArgumentException("field path '" + path + "' names the whole document");
        }
        List<Step> steps = new ArrayList<>();
        for (String segment : p.replace("[", ".[").split("\\.")) {
            if (segment.isEmpty()) {
                continue;
            }
            steps.add(step(segment, path));
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("field path '" + path + "' is empty");
        }
        return new FieldPath(path, List.copyOf(steps));
    }

    boolean matches(Position position) {
        return match(0, position, 0);
    }

    @Override
    public String toString() {
        return text;
    }

    private boolean match(int step, Position position, int level) {
        if (step == steps.size()) {
            return level == position.depth();
        }
        Step s = steps.get(step);
        if (s.kind == Kind.ANY_DEPTH) {
            for (int l = level; l <= position.depth(); l++) {
                if (match(step + 1, position, l)) {
                    return true;
                }
            }
            return false;
        }
        if (level >= position.depth()) {
            return false;
        }
        boolean ok = switch (s.kind) {
            case NAME -> !position.isIndex(level) && position.nameEquals(level, s.name);
            case ANY_NAME -> !position.isIndex(level);
            case INDEX -> position.isIndex(level) && position.index(level) == s.index;
            case ANY_INDEX -> position.isIndex(level);
            case ANY_DEPTH -> throw new IllegalStateException();
        };
        return ok && match(step + 1, position, level + 1);
    }

    private static Step step(String segment, String path) {
        if (segment.equals("**")) {
            return new Step(Kind.ANY_DEPTH, null, 0);
        }
        if (segment.equals("*")) {
            return new Step(Kind.ANY_NAME, null, 0);
        }
        if (segment.startsWith("[")) {
            if (!segment.endsWith("]")) {
                throw new IllegalArgumentException("field path '" + path + "' has an unclosed '['");
            }
            String inner = segment.substring(1, segment.length() - 1).strip();
            if (inner.equals("*")) {
                return new Step(Kind.ANY_INDEX, null, 0);
            }
            if (inner.length() > 2 && (inner.startsWith("'") || inner.startsWith("\""))) {
                return name(inner.substring(1, inner.length() - 1));
            }
            try {
                return new Step(Kind.INDEX, null, Integer.parseInt(inner));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("field path '" + path + "' has a bad index [" + inner + "]");
            }
        }
        return name(segment);
    }

    private static Step name(String name) {
        return new Step(Kind.NAME, name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8), 0);
    }
}
