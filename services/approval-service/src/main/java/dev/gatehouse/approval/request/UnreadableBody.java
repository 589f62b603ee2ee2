package dev.gatehouse.approval.request;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;

import java.util.stream.Collectors;

/**
 * Names the field of a body that could not be bound: the contract records check their required
 * fields in their constructors, so a missing {@code fingerprint} arrives as a failed instantiation
 * whose cause is {@code NullPointerException("fingerprint")}. Only field names and the records' own
 * messages are echoed, never the submitted values.
 */
final class UnreadableBody {

    private UnreadableBody() {
    }

    static String describe(HttpMessageNotReadableException e) {
        if (!(e.getCause() instanceof JacksonException jackson)) {
            return "request body is missing or not valid JSON";
        }
        String path = jackson.getPath().stream()
                .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        Throwable root = jackson;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof NullPointerException && root.getMessage() != null && !root.getMessage().contains(" ")) {
            return join(path, root.getMessage()) + ": is required";
        }
        if (root instanceof IllegalArgumentException && root.getMessage() != null) {
            return (path.isEmpty() ? "body" : path) + ": " + root.getMessage();
        }
        return (path.isEmpty() ? "body" : path) + ": cannot be read (wrong type or malformed JSON)";
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
