package dev.gatehouse.policy.glob;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a raw request path into the decoded segments rules are matched against. Globs see decoded
 * segments so that {@code /adm%69n} cannot slip past a rule on {@code /admin}. A path that could mean
 * something else to the upstream than to us is refused outright (empty result, so default deny):
 * dot-segments (plain, percent-encoded or double-encoded), encoded or back slashes, control
 * characters and malformed escapes. Path parameters ({@code ;jsessionid=...}) are dropped the way
 * servlet containers drop them, so {@code /..;/admin} is seen as the {@code ..} it becomes upstream.
 */
public final class PathNormalizer {

    private PathNormalizer() {
    }

    public static Optional<String[]> segments(String rawPath) {
        String path = rawPath == null ? "" : rawPath;
        if (path.indexOf('\\') >= 0) {
            return Optional.empty();
        }
        List<String> segments = new ArrayList<>();
        for (String raw : path.split("/")) {
            int parameters = raw.indexOf(';');
            String segment = parameters >= 0 ? raw.substring(0, parameters) : raw;
            if (segment.isEmpty()) {
                continue;
            }
            String decoded = decode(segment);
            if (decoded == null || !safe(decoded)) {
                return Optional.empty();
            }
            // A second decode catches %252e%252e, which an upstream that decodes again would see as '..'.
            if (decoded.indexOf('%') >= 0) {
                String twice = decode(decoded);
                if (twice != null && !safe(twice)) {
                    return Optional.empty();
                }
            }
            segments.add(decoded);
        }
        return Optional.of(segments.toArray(String[]::new));
    }

    private static boolean safe(String segment) {
        if (segment.equals(".") || segment.equals("..")) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f || c == ';') {
                return false;
            }
        }
        return true;
    }

    /** Strict percent-decoding as UTF-8; {@code null} for a malformed escape or invalid UTF-8. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        int i = 0;
        while (i < segment.length()) {
            int escape = segment.indexOf('%', i);
            int literalEnd = escape < 0 ? segment.length() : escape;
            byte[] literal = segment.substring(i, literalEnd).getBytes(StandardCharsets.UTF_8);
            bytes.write(literal, 0, literal.length);
            if (escape < 0) {
                break;
            }
            if (escape + 2 >= segment.length()) {
                return null;
            }
            int high = Character.digit(segment.charAt(escape + 1), 16);
            int low = Character.digit(segment.charAt(escape + 2), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            bytes.write(high * 16 + low);
            i = escape + 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
