package dev.gatehouse.policy.kubernetes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Path and query reading as the API server does it (Go's url.URL.Path and url.ParseQuery). */
final class KubernetesPaths {

    /** The list options RequestInfoFactory looks at: watch, and a metadata.name field selector. */
    record ListOptions(boolean watch, String name) {
    }

    private KubernetesPaths() {
    }

    /**
     * The decoded segments of a path, leading and trailing slashes trimmed like the API server's
     * splitPath; empty when a segment is empty, a dot segment, undecodable, or decodes to a slash or a
     * control character (Go's URL parser refuses those).
     */
    static Optional<List<String>> segments(String rawPath) {
        String trimmed = trimSlashes(rawPath);
        List<String> segments = new ArrayList<>();
        if (trimmed.isEmpty()) {
            return Optional.of(segments);
        }
        for (String raw : trimmed.split("/", -1)) {
            String segment = decode(raw, false);
            if (segment == null || segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || segment.chars().anyMatch(c -> c == '/' || c < 0x20 || c == 0x7f)) {
                return Optional.empty();
            }
            segments.add(segment);
        }
        return Optional.of(segments);
    }

    /**
     * watch: the first value, parsed like Go's strconv.ParseBool; any other value counts as a watch
     * unless it is "false" or "0" (what the API server does when decoding fails).
     */
    static ListOptions listOptions(String query) {
        List<String> watch = values(query, "watch");
        boolean watching = !watch.isEmpty() && switch (watch.getFirst()) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> !watch.getFirst().equalsIgnoreCase("false") && !watch.getFirst().equals("0");
        };
        List<String> selectors = values(query, "fieldSelector");
        return new ListOptions(watching, selectors.isEmpty() ? null : exactName(selectors.getFirst()));
    }

    /** {@code metadata.name=x} or {@code metadata.name==x} among the selector's terms; only a valid path segment. */
    private static String exactName(String selector) {
        if (selector.indexOf('\\') >= 0) {
            return null; // escaped terms: leave them to the API server, name stays unknown
        }
        for (String term : selector.split(",")) {
            String value = term.startsWith("metadata.name==") ? term.substring("metadata.name==".length())
                    : term.startsWith("metadata.name=") ? term.substring("metadata.name=".length()) : null;
            if (value != null && !value.isEmpty() && !value.equals(".") && !value.equals("..")
                    && value.indexOf('/') < 0 && value.indexOf('%') < 0) {
                return value;
            }
        }
        return null;
    }

    private static List<String> values(String query, String name) {
        List<String> values = new ArrayList<>();
        if (query == null || query.isEmpty()) {
            return values;
        }
        for (String parameter : query.split("&")) {
            if (parameter.isEmpty() || parameter.indexOf(';') >= 0) {
                continue; // Go's ParseQuery drops these
            }
            int equals = parameter.indexOf('=');
            String key = decode(equals < 0 ? parameter : parameter.substring(0, equals), true);
            String value = equals < 0 ? "" : decode(parameter.substring(equals + 1), true);
            if (name.equals(key) && value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private static String decode(String text, boolean query) {
        if (!query && text.indexOf('+') >= 0) {
            text = text.replace("+", "%2B"); // '+' is literal in a path
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
