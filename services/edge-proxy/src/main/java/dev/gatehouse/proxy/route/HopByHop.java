package dev.gatehouse.proxy.route;

import org.springframework.http.HttpHeaders;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The client's hop-by-hop headers (RFC 9110 §7.6.1) end at the proxy: every header named in
 * {@code Connection} is removed from the client's request, and {@code Connection} with them, before the
 * policy sees the request and before the proxy injects its own headers. Done later, by the gateway's
 * generic filter on the outgoing request, a nomination such as {@code Connection: Authorization,
 * Gatehouse-Audit-Id} would strip the vault's credential and the audit id the proxy had just injected.
 * The one nomination kept is {@code Upgrade} with its header, for a WebSocket a rule allowed.
 */
final class HopByHop {

    private static final Set<String> ALWAYS = Set.of("keep-alive", "te", "trailer", "proxy-connection");

    private HopByHop() {
    }

    /** Removes the nominated headers from {@code headers} (a copy of the client's). */
    static void strip(HttpHeaders headers) {
        Set<String> nominated = nominated(headers);
        nominated.addAll(ALWAYS);
        boolean upgrade = nominated.remove("upgrade") && headers.containsHeader(HttpHeaders.UPGRADE);
        for (String name : nominated) {
            headers.remove(name);
        }
        headers.remove(HttpHeaders.CONNECTION);
        if (upgrade) {
            headers.set(HttpHeaders.CONNECTION, "Upgrade");
        }
    }

    /** The header names {@code Connection} nominates, lower-case, over all its fields and list items. */
    static Set<String> nominated(HttpHeaders headers) {
        Set<String> names = new LinkedHashSet<>();
        for (String value : headers.getOrEmpty(HttpHeaders.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
