package dev.gatehouse.policy.decision;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An HTTP-family request as rules see it: upper-case method, normalized path segments, lower-case headers, decoded query. */
record HttpFacts(String method, String path, String[] segments, Map<String, String> headers,
                 Map<String, List<String>> query) {

    static HttpFacts of(String method, String path, String[] segments, Map<String, String> headers, String rawQuery) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return new HttpFacts(method == null ? "" : method.toUpperCase(Locale.ROOT), path, segments, lower,
                parseQuery(rawQuery));
    }

    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A malformed escape stays as written: it then matches only a glob written the same way.
            return text;
        }
    }
}
