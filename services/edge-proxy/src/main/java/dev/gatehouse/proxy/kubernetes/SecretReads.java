package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.proxy.masking.BodyKind;
import org.springframework.http.HttpHeaders;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Secrets never leave the proxy in clear, whatever the rule says: for a request that addresses the
 * {@code secrets} resource (get, list, watch, a write's answer), the values under {@code data} and
 * {@code stringData} — of the object, of each list item, of each watch event and Table row — are masked
 * in the response, and so are the object's annotations, since {@code kubectl apply} keeps the whole
 * applied object (its data included) in {@code kubectl.kubernetes.io/last-applied-configuration}. The
 * RESPONSE audit event keeps the masked bytes only.
 */
public final class SecretReads {

    static final List<String> FIELDS = List.of("data.*", "stringData.*", "metadata.annotations.*",
            "items[*].data.*", "items[*].stringData.*", "items[*].metadata.annotations.*",
            "object.data.*", "object.stringData.*", "object.metadata.annotations.*",
            "rows[*].object.data.*", "rows[*].object.stringData.*", "rows[*].object.metadata.annotations.*");

    private static final String SECRETS = "secrets";

    private SecretReads() {
    }

    /**
     * Asks the cluster for JSON only: a protobuf answer (kubectl can ask for one) cannot be read for the
     * fields above, so {@code application/vnd.kubernetes.protobuf} is dropped from {@code Accept}.
     */
    public static void jsonOnly(HttpHeaders headers) {
        List<String> accept = headers.getOrEmpty(HttpHeaders.ACCEPT);
        if (accept.stream().noneMatch(value -> value.contains("protobuf"))) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String value : accept) {
            for (String range : value.split(",")) {
                if (!range.contains("protobuf") && !range.isBlank()) {
                    kept.add(range.trim());
                }
            }
        }
        headers.set(HttpHeaders.ACCEPT, kept.isEmpty() ? "application/json" : String.join(",", kept));
    }

    /**
     * What a reviewer (and the trail, through the approval's command) reads of a held request's body: a
     * write to secrets shows its size only, since its values are base64 no detector recognises.
     */
    public static byte[] reviewableBody(String rawPath, byte[] body) {
        if (body == null || body.length == 0 || !addressesSecrets(rawPath)) {
            return body;
        }
        return ("[the body of a request to secrets is not shown: " + body.length + " bytes]")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Whether a response to {@code rawPath} can be masked by field: anything about secrets must be JSON,
     * since the fields above are JSON paths and a Secret's base64 values escape every detector; any other
     * answer (a missing or other {@code Content-Type}) is refused rather than passed.
     */
    public static boolean maskable(String rawPath, String contentType) {
        return !addressesSecrets(rawPath) || BodyKind.of(contentType) == BodyKind.JSON;
    }

    /** The rule's directives, plus the Secret fields when the path addresses secrets. */
    public static MaskingDirectives directives(MaskingDirectives rule, String rawPath) {
        if (!addressesSecrets(rawPath)) {
            return rule;
        }
        List<String> fields = new ArrayList<>(rule.fields());
        FIELDS.stream().filter(field -> !fields.contains(field)).forEach(fields::add);
        return new MaskingDirectives(fields, rule.columns(), rule.detectors(), rule.style(), rule.oversize());
    }

    /**
     * Whether any path segment, decoded as the API server decodes it, is {@code secrets}. Broader than
     * the resource position (a config map named "secrets" is masked too): a false positive masks a
     * little more, a miss would leak. A segment that cannot be decoded counts as secrets.
     */
    static boolean addressesSecrets(String rawPath) {
        if (rawPath == null) {
            return false;
        }
        for (String segment : rawPath.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            try {
                String decoded = segment.indexOf('%') < 0 ? segment
                        : URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
                if (SECRETS.equals(decoded)) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                return true;
            }
        }
        return false;
    }
}
