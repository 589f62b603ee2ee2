package dev.gatehouse.proxy.route;

import dev.gatehouse.model.Decision;
import dev.gatehouse.model.ProblemTypes;
import org.springframework.http.HttpStatus;

import java.net.URI;

/**
 * Request forms the proxy refuses even when the policy allows (or reviews) the request, unless the
 * deciding rule permits them explicitly: a body on GET or HEAD (servers, caches and proxies disagree on
 * what it means; {@code bodyOnRead}) and a protocol upgrade, which would open a tunnel carrying the
 * vault's credential with no decision per message ({@code websocket}; an h2c or any other upgrade is
 * never allowed). {@code code} is the refusal's name in the audit trail and its problem type.
 */
record FormRefusal(HttpStatus status, URI type, String code, String detail) {

    static final String WEBSOCKET = "websocket";
    /**
     * A bare SPDY upgrade here, on the main port: only the Kubernetes (kubectl) port bridges kubectl's SPDY to the
     * WebSocket form the relay reads ({@code SpdyDoor}); this port relays the WebSocket form only.
     */
    static final String SPDY = "protocol upgrades are refused unless the deciding rule allows WebSocket (websocket: "
            + "true); a bare SPDY upgrade is served on Gatehouse's Kubernetes port only (the server of the kubeconfig "
            + "deploy/local/kubeconfig.sh writes), which bridges it to WebSocket; here exec and attach are WebSockets "
            + "speaking v5.channel.k8s.io and port-forward one speaking SPDY/3.1+portforward.k8s.io";

    /**
     * A client's own {@code Impersonate-*} headers on a Kubernetes connection that does not allow them
     * ({@code allowClientImpersonation}): the cluster would act as whoever the client names.
     */
    static FormRefusal impersonation() {
        return new FormRefusal(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "impersonation-not-allowed",
                "Impersonate-* headers are refused: Gatehouse names the agent to the cluster itself "
                        + "(the connection's allowClientImpersonation setting allows them)");
    }

    /** A protocol inspection's own refusal (an MCP tool whose definition changed). */
    static FormRefusal of(dev.gatehouse.proxy.exchange.AdapterRefusal refusal) {
        return new FormRefusal(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, refusal.code(), refusal.detail());
    }

    /** The refusal of this request under this decision, or {@code null} when it may go on. */
    static FormRefusal of(RequestShape shape, Decision decision) {
        if (shape.upgrade() != null && !(WEBSOCKET.equals(shape.upgrade()) && "GET".equals(shape.method())
                && decision.permits(Decision.PERMIT_WEBSOCKET))) {
            return new FormRefusal(HttpStatus.FORBIDDEN, ProblemTypes.UPGRADE_NOT_ALLOWED, "upgrade-not-allowed",
                    shape.upgrade().toLowerCase(java.util.Locale.ROOT).startsWith("spdy/") ? SPDY
                            : "protocol upgrades are refused unless the deciding rule allows WebSocket (websocket: true)");
        }
        if (shape.isRead() && shape.hasBody() && !decision.permits(Decision.PERMIT_BODY_ON_READ)) {
            return new FormRefusal(HttpStatus.BAD_REQUEST, ProblemTypes.BODY_NOT_ALLOWED, "body-not-allowed",
                    "a body on GET or HEAD is refused unless the deciding rule allows it (bodyOnRead: true)");
        }
        return null;
    }
}
