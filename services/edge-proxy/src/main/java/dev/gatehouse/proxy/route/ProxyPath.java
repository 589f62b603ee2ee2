package dev.gatehouse.proxy.route;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code /proxy/{connection}/{path}} split into the connection and the path after it, both raw
 * (still percent-encoded): the policy decides on exactly the bytes the target will receive.
 * <p>
 * Anything a target might normalize differently from the policy is refused: dot segments, encoded
 * dots, encoded slashes or backslashes, double encoding and path parameters.
 */
record ProxyPath(String connection, String path, String query) {

    private static final Pattern CONNECTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String[] FORBIDDEN_ENCODINGS = {"%2e", "%2f", "%5c", "%25", "%3b", "%00"};

    static ProxyPath parse(String rawPath, String rawQuery) {
        if (rawPath == null || !rawPath.startsWith(ProxyRoutes.PREFIX)) {
            throw new InvalidProxyPath("not a proxy path");
        }
        checkSafe(rawPath);
        String rest = rawPath.substring(ProxyRoutes.PREFIX.length());
        int slash = rest.indexOf('/');
        String connection = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        if (!CONNECTION.matcher(connection).matches() || connection.equals("..")) {
            throw new InvalidProxyPath("invalid connection name");
        }
        return new ProxyPath(connection, path, rawQuery == null || rawQuery.isEmpty() ? null : rawQuery);
    }

    private static void checkSafe(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        for (String encoding : FORBIDDEN_ENCODINGS) {
            if (lower.contains(encoding)) {
                throw new InvalidProxyPath("encoded character not allowed in path");
            }
        }
        if (rawPath.indexOf('\\') >= 0 || rawPath.indexOf(';') >= 0) {
            throw new InvalidProxyPath("character not allowed in path");
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidProxyPath("dot segment in path");
            }
        }
    }
}
