package dev.gatehouse.policy.document;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/** Field paths as errors name them: {@code rules[2].match.sql.kinds[0]}, {@code match.http.headers["a b"]}. */
final class FieldPaths {

    static final String ROOT = "";

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_$-][A-Za-z0-9_$-]*");

    private FieldPaths() {
    }

    static String key(String parent, String key) {
        if (PLAIN_KEY.matcher(key).matches()) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
        return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The path of the value a parser (over the bound tree) is positioned at. */
    static String of(TokenStreamContext context) {
        Deque<TokenStreamContext> chain = new ArrayDeque<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        String path = ROOT;
        for (TokenStreamContext c : chain) {
            if (c.inObject() && c.currentName() != null) {
                path = key(path, c.currentName());
            } else if (c.inArray() && c.hasCurrentIndex()) {
                path = index(path, c.getCurrentIndex());
            }
        }
        return path;
    }

    /** The path of the value a parser stands on, also when that value is a mapping or list just opened. */
    static String of(JsonParser parser) {
        TokenStreamContext context = parser.streamReadContext();
        JsonToken token = parser.currentToken();
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && context.getParent() != null) {
            context = context.getParent();
        }
        return of(context);
    }

    /** The path of a binding failure, from Jackson's own reference chain. */
    static String of(List<JacksonException.Reference> references) {
        String path = ROOT;
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path = key(path, reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path = index(path, reference.getIndex());
            }
        }
        return path;
    }

    /** The enclosing path: {@code rules[2].match} for {@code rules[2].match.sql}, {@code rules} for {@code rules[2]}. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? ROOT : path.substring(0, cut);
    }
}
