package dev.gatehouse.proxy.mcp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.model.CallerIdentity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;

/**
 * The server requests (sampling, elicitation, roots) this replica relayed to a caller because a rule
 * allowed their method, so that the caller's answer can go back to the server: an answer is relayed only
 * when it answers such a request of the same connection and MCP session, by the same caller, once, within
 * {@value #MINUTES} minutes. A client cannot answer a request it never received (a forged sampling
 * result) nor another caller's. Kept in memory: the answer must come to the replica that relayed the
 * request (a Streamable HTTP session usually stays on one connection; one that does not fails closed).
 */
@Component
class RelayedRequests {

    static final int MINUTES = 15;

    /** connection, caller, session, canonical id → the request's method. */
    private final Cache<String, String> relayed = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(MINUTES))
            .maximumSize(50_000).build();

    void remember(String connection, CallerIdentity caller, String session, JsonNode id, String method) {
        if (id != null) {
            relayed.put(key(connection, caller, session, id), method);
        }
    }

    /** The method of the request this answers, forgotten as it is taken; empty when none was relayed. */
    Optional<String> take(String connection, CallerIdentity caller, String session, JsonNode id) {
        return Optional.ofNullable(relayed.asMap().remove(key(connection, caller, session, id)));
    }

    private static String key(String connection, CallerIdentity caller, String session, JsonNode id) {
        return connection + '\u0000' + caller.issuer() + '\u0000' + caller.subject() + '\u0000'
                + (session == null ? "" : session) + '\u0000' + CanonicalJson.of(id);
    }
}
