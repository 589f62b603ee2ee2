package dev.gatehouse.policy.glob;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled path glob: {@code *} matches exactly one segment, {@code **} any number of segments
 * (including none), a segment containing {@code *} (e.g. {@code *.git}) matches within one segment,
 * anything else is a literal segment. It matches the segments produced by {@link PathNormalizer}.
 */
public final class PathGlob {

    private sealed interface Token permits Literal, One, Many, Within {
    }

    private record Literal(String text) implements Token {
    }

    private record One() implements Token {
    }

    private record Many() implements Token {
    }

    private record Within(ValueGlob glob) implements Token {
    }

    private final String source;
    private final Token[] tokens;

    private PathGlob(String source, Token[] tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    /** @throws IllegalArgumentException with a message fit for the caller when the glob is malformed */
    public static PathGlob compile(String glob) {
        if (glob == null || !glob.startsWith("/")) {
            throw new IllegalArgumentException("must start with '/'");
        }
        List<Token> tokens = new ArrayList<>();
        for (String segment : glob.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("must not contain '.' or '..' segments");
            }
            if (segment.equals("**")) {
                tokens.add(new Many());
            } else if (segment.contains("**")) {
                throw new IllegalArgumentException("'**' must be a whole segment");
            } else if (segment.equals("*")) {
                tokens.add(new One());
            } else if (segment.indexOf('*') >= 0) {
                tokens.add(new Within(ValueGlob.compile(segment)));
            } else {
                tokens.add(new Literal(segment));
            }
        }
        return new PathGlob(glob, tokens.toArray(Token[]::new));
    }

    /** Wildcard matching over segments, backtracking only to the last {@code **} seen. */
    public boolean matches(String[] segments) {
        int s = 0;
        int t = 0;
        int starToken = -1;
        int starSegment = 0;
        while (s < segments.length) {
            if (t < tokens.length && !(tokens[t] instanceof Many) && matchesOne(tokens[t], segments[s])) {
                s++;
                t++;
            } else if (t < tokens.length && tokens[t] instanceof Many) {
                starToken = t++;
                starSegment = s;
            } else if (starToken >= 0) {
                t = starToken + 1;
                s = ++starSegment;
            } else {
                return false;
            }
        }
        while (t < tokens.length && tokens[t] instanceof Many) {
            t++;
        }
        return t == tokens.length;
    }

    private static boolean matchesOne(Token token, String segment) {
        return switch (token) {
            case Literal literal -> literal.text().equals(segment);
            case One one -> true;
            case Within within -> within.glob().matches(segment);
            case Many many -> true;
        };
    }

    @Override
    public String toString() {
        return source;
    }
}
