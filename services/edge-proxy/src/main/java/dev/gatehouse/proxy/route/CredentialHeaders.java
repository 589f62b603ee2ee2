package dev.gatehouse.proxy.route;

import dev.gatehouse.model.Credential;
import org.springframework.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Replaces whatever the caller sent as credentials with the vault's credential for the target. */
final class CredentialHeaders {

    static final String AUDIT_ID = "Gatehouse-Audit-Id";
    /** The approval a reviewed request runs under (request and response); never forwarded to a target. */
    static final String APPROVAL = "Gatehouse-Approval";

    private CredentialHeaders() {
    }

    /** A database or SSH login cannot be sent as an HTTP header: such a connection is misconfigured. */
    static boolean injectable(Credential credential) {
        return credential.type() != Credential.Type.PASSWORD && credential.type() != Credential.Type.SSH_KEY;
    }

    static void replace(HttpHeaders headers, Credential credential, String auditId) {
        headers.remove(HttpHeaders.AUTHORIZATION);
        headers.remove(HttpHeaders.PROXY_AUTHORIZATION);
        headers.remove(HttpHeaders.COOKIE);
        headers.remove(AUDIT_ID);
        if (credential.type() == Credential.Type.HEADER) {
            headers.set(credential.header(), credential.secret());
        } else {
            headers.set(HttpHeaders.AUTHORIZATION, authorization(credential));
        }
        headers.set(AUDIT_ID, auditId);
        // The gateway drops every header Connection names from what it sends upstream: by now Connection
        // names at most a WebSocket's Upgrade (HopByHop), never anything injected here.
        boolean upgrade = HopByHop.nominated(headers).contains("upgrade");
        headers.remove(HttpHeaders.CONNECTION);
        if (upgrade) {
            headers.set(HttpHeaders.CONNECTION, "Upgrade");
        }
    }

    static String authorization(Credential credential) {
        return switch (credential.type()) {
            case BEARER -> "Bearer " + credential.secret();
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString(
                    (credential.username() + ":" + credential.secret()).getBytes(StandardCharsets.UTF_8));
            case PASSWORD, HEADER, SSH_KEY -> throw new IllegalArgumentException(credential.type() + " is not an Authorization value");
        };
    }
}
