package dev.gatehouse.proxy.mcp;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tool-definition pinning (the "rug pull": a server that changes what a tool says or takes once the agent
 * trusts it). A tool's definition is its listed object without {@code _meta} (name, title, description,
 * input and output schema, annotations), hashed over its canonical JSON. A definition pinned by the policy
 * ({@code settings.toolPins} of the connection: {@code tool=sha256hex} pairs separated by commas) is the
 * only one accepted for that tool; an admin re-approves a changed tool by pinning its new hash there (a
 * reviewed, versioned policy change). A tool the policy does not pin is pinned on first sight, per
 * connection, by this proxy (trust on first use); a later different definition is refused until the
 * policy pins it. A tool whose listed definition is refused is {@link #changed} until then: its calls are
 * refused even if the agent kept the old list.
 */
@Component
class ToolPins {

    static final String SETTING = "toolPins";

    /** connection → tool → the definition hash accepted. */
    private final Map<String, Map<String, String>> firstSeen = new ConcurrentHashMap<>();
    /** connection → tool → the refused hash seen last. */
    private final Map<String, Map<String, String>> changed = new ConcurrentHashMap<>();

    /** Whether this listed definition may be offered; records it when first seen, or as changed. */
    boolean accept(String connection, JsonNode tool, Map<String, String> settings) {
        String name = tool.path("name").asString("");
        String hash = hash(tool);
        String pinned = policyPin(settings.get(SETTING), name);
        Map<String, String> seen = firstSeen.computeIfAbsent(connection, c -> new ConcurrentHashMap<>());
        boolean accepted = pinned != null ? pinned.equals(hash) : seen.computeIfAbsent(name, n -> hash).equals(hash);
        Map<String, String> refused = changed.computeIfAbsent(connection, c -> new ConcurrentHashMap<>());
        if (accepted) {
            seen.put(name, hash);
            refused.remove(name);
        } else {
            refused.put(name, hash);
        }
        return accepted;
    }

    /** The refused definition's hash when this tool's listed definition changed and is not re-approved. */
    String changed(String connection, String tool) {
        Map<String, String> refused = changed.get(connection);
        return refused == null ? null : refused.get(tool);
    }

    static String hash(JsonNode tool) {
        JsonNode definition = tool;
        if (tool.isObject() && tool.has("_meta")) {
            ObjectNode copy = ((ObjectNode) tool).deepCopy();
            copy.remove("_meta");
            definition = copy;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(CanonicalJson.of(definition).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The hash {@code settings.toolPins} pins for this tool, or null. Malformed pairs pin nothing. */
    static String policyPin(String pins, String tool) {
        if (pins == null || pins.isBlank()) {
            return null;
        }
        for (String pair : pins.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().equals(tool)) {
                return pair.substring(equals + 1).strip().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return null;
    }
}
