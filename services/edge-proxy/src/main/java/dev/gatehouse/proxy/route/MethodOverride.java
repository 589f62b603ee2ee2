package dev.gatehouse.proxy.route;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Method overrides, as web frameworks honour them: the headers {@code X-HTTP-Method-Override},
 * {@code X-HTTP-Method} and {@code X-Method-Override} (Express, ASP.NET, Symfony) and the parameter
 * {@code _method} in the query or a form body (Rails, Laravel, Symfony). An upstream that honours one
 * runs that method, not the request line's, so the proxy treats it as the request's effective method:
 * decided, audited and forwarded as that method, with the override itself removed. Stripping it instead
 * would silently turn a form's DELETE into a POST; passing it on lets a GET-only rule allow a DELETE.
 * Values are upper-cased, as those frameworks do; several that disagree, or one that is not a method
 * token, are refused rather than guessed at.
 */
final class MethodOverride {

    static final List<String> HEADERS = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");
    static final String PARAMETER = "_method";

    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z-]{0,31}");

    private MethodOverride() {
    }

    /** The override named by the headers and the query, upper-case, or {@code null}. */
    static String of(HttpHeaders headers, String rawQuery) {
        TreeSet<String> values = new TreeSet<>();
        for (String header : HEADERS) {
            for (String value : headers.getOrEmpty(header)) {
                for (String item : value.split(",", -1)) {
                    values.add(method(item));
                }
            }
        }
        parameters(rawQuery, values);
        return single(values);
    }

    /** The effective method (or {@code null}) and the body to forward once the body had its say. */
    record Resolved(String method, byte[] body) {
    }

    /**
     * Adds what the body says to {@code fromHeaders}: a URL-encoded form's {@code _method} is read and
     * removed (ISO-8859-1 maps every byte to one char and back, so the rest is kept byte for byte); one
     * in a multipart or JSON body is refused ({@link BodyMethodField}). {@code mediaType} is lower-case,
     * without parameters.
     */
    static Resolved withBody(String fromHeaders, String mediaType, byte[] body) {
        if (mediaType.equals(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
            String form = new String(body, StandardCharsets.ISO_8859_1);
            if (mayNameParameter(form)) {
                String kept = withoutParameter(form);
                return new Resolved(withForm(fromHeaders, form),
                        kept == null ? new byte[0] : kept.getBytes(StandardCharsets.ISO_8859_1));
            }
        } else if (BodyMethodField.present(mediaType, body)) {
            throw new InvalidMethodOverride();
        }
        return new Resolved(fromHeaders, body);
    }

    /** Adds what a form body says, checking it agrees with {@code fromHeaders}. */
    static String withForm(String fromHeaders, String form) {
        TreeSet<String> values = new TreeSet<>();
        if (fromHeaders != null) {
            values.add(fromHeaders);
        }
        parameters(form, values);
        return single(values);
    }

    /** {@code raw} (a query or form body) without its {@code _method} pairs, every other byte kept. */
    static String withoutParameter(String raw) {
        if (raw == null) {
            return null;
        }
        StringJoiner kept = new StringJoiner("&");
        for (String pair : raw.split("&", -1)) {
            if (!PARAMETER.equals(name(pair))) {
                kept.add(pair);
            }
        }
        return kept.length() == 0 ? null : kept.toString();
    }

    /** Whether {@code raw} could name {@code _method} at all: the name needs a '_' or a '%' escape. */
    static boolean mayNameParameter(String raw) {
        return raw != null && (raw.indexOf('_') >= 0 || raw.indexOf('%') >= 0);
    }

    private static void parameters(String raw, TreeSet<String> values) {
        if (!mayNameParameter(raw)) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (PARAMETER.equals(name(pair))) {
                int equals = pair.indexOf('=');
                values.add(method(equals < 0 ? "" : decode(pair.substring(equals + 1))));
            } else if (pair.indexOf(';') >= 0) {
                // Older Rack splits on ';' too: an override hidden there is refused, not guessed at.
                for (String part : pair.split(";")) {
                    if (PARAMETER.equals(name(part))) {
                        throw new InvalidMethodOverride();
                    }
                }
            }
        }
    }

    private static String name(String pair) {
        int equals = pair.indexOf('=');
        return decode(equals < 0 ? pair : pair.substring(0, equals));
    }

    private static String method(String value) {
        String method = value.trim().toUpperCase(Locale.ROOT);
        if (!METHOD.matcher(method).matches()) {
            throw new InvalidMethodOverride();
        }
        return method;
    }

    private static String single(TreeSet<String> values) {
        if (values.size() > 1) {
            throw new InvalidMethodOverride();
        }
        return values.isEmpty() ? null : values.first();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** Overrides that disagree, are not a method, or hide behind a {@code ;} separator. */
    static final class InvalidMethodOverride extends RuntimeException {
        InvalidMethodOverride() {
            super("invalid or conflicting method override", null, false, false);
        }
    }
}
