package dev.gatehouse.proxy.mcp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tool-definition pinning (the "rug pull": a server that changes what a tool says or takes once the agent
 * trusts it). A tool's definition is its listed object without {@code _meta} (name, title, description,
 * input and output schema, annotations), hashed over its canonical JSON. A definition pinned by the policy
 * ({@code settings.toolPins} of the connection: {@code tool=sha256hex} pairs separated by commas) is the
 * only one accepted for that tool. A tool the policy does not pin is pinned on first sight, per
 * connection, at policy-service ({@link PolicyServicePins}), so every replica accepts the same definition
 * and a restart forgets nothing; an admin re-approves a changed one there ({@code PUT
 * /api/v1/tool-pins/{connection}/{tool}}) or in the policy. Accepted store answers are remembered for
 * {@value #REMEMBERED_SECONDS} s (a re-pin reaches every replica within that). A tool whose listed
 * definition is {@link #changed} until a list accepts it: its calls are refused even if the agent kept the
 * old list, on this replica and (through the store) on the others.
 */
@Component
class ToolPins {

    static final String SETTING = "toolPins";
    static final int REMEMBERED_SECONDS = 30;

    private final PinStore store;
    /** connection NUL tool NUL hash → accepted by the store, recently. */
    private final Cache<String, Boolean> accepted = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(REMEMBERED_SECONDS)).maximumSize(10_000).build();
    /** connection → tool → the refused hash seen last. */
    private final Map<String, Map<String, String>> changed = new ConcurrentHashMap<>();

    ToolPins(PinStore store) {
        this.store = store;
    }

    /** Whether this listed definition may be offered; marks the tool changed when it may not. */
    Mono<Boolean> accept(String connection, JsonNode tool, Map<String, String> settings) {
        String name = tool.path("name").asString("");
        String hash = hash(tool);
        String pinned = policyPin(settings.get(SETTING), name);
        if (pinned != null) {
            return Mono.just(mark(connection, name, hash, pinned.equals(hash)));
        }
        String key = connection + '\u0000' + name + '\u0000' + hash;
        if (accepted.getIfPresent(key) != null) {
            return Mono.just(mark(connection, name, hash, true));
        }
        return store.check(connection, name, hash).map(verdict -> {
            if (verdict.accepted()) {
                accepted.put(key, Boolean.TRUE);
            }
            return mark(connection, name, hash, verdict.accepted());
        });
    }

    private boolean mark(String connection, String name, String hash, boolean accept) {
        Map<String, String> refused = changed.computeIfAbsent(connection, c -> new ConcurrentHashMap<>());
        if (accept) {
            refused.remove(name);
        } else {
            refused.put(name, hash);
        }
        return accept;
    }

    /**
     * The refused definition's hash when this tool's definition changed and is not re-approved, else empty:
     * marked by a list on this replica, or by a list on any replica (asked at the store, so an agent that
     * kept an old list cannot call the tool through a replica that never listed it; a tool the policy pins
     * ({@code settings.toolPins}) only by this replica's lists). The store is asked on every call, not
     * cached: a remembered "unchanged" would let a call through in the moments after another replica saw
     * the change, and a tool call (at an agent's pace) affords one more round trip.
     */
    Mono<String> changed(String connection, String tool, Map<String, String> settings) {
        Map<String, String> refused = changed.get(connection);
        String here = refused == null ? null : refused.get(tool);
        if (here != null) {
            return Mono.just(here);
        }
        if (policyPin(settings.get(SETTING), tool) != null) {
            return Mono.empty(); // the policy's own pin: the store neither knows nor re-approves it
        }
        return store.refused(connection, tool);
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
