package dev.gatehouse.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real OIDC issuer (mock-oauth2-server) with discovery, JWKS and a token endpoint, hosting two
 * issuers: {@value #CI} plays the CI platform that signs agents' tokens (audience {@value #AGENT_AUDIENCE}),
 * {@value #INTERNAL} plays the company IdP that signs humans' and services' tokens (audience
 * {@value #INTERNAL_AUDIENCE}). Its token endpoint answers client-credentials requests, so the proxy
 * gets its service token the way it does in production.
 */
public final class OidcIssuer implements AutoCloseable {

    public static final String CI = "ci";
    public static final String INTERNAL = "gatehouse";
    public static final String AGENT_AUDIENCE = "gatehouse";
    public static final String INTERNAL_AUDIENCE = "gatehouse-internal";
    /** The client id the edge-proxy uses for client credentials; it gets group {@code gatehouse-proxy}. */
    public static final String PROXY_CLIENT_ID = "gatehouse-edge-proxy";

    private final MockOAuth2Server server;

    private OidcIssuer(int port) {
        Set<no.nav.security.mock.oauth2.token.OAuth2TokenCallback> callbacks = Set.of(
                new FormClaimsTokenCallback(CI, AGENT_AUDIENCE, Map.of()),
                new FormClaimsTokenCallback(INTERNAL, INTERNAL_AUDIENCE,
                        Map.of(PROXY_CLIENT_ID, List.of("gatehouse-proxy"))));
        // Interactive login: /authorize shows a login page (subject and claims typed by the person), as the
        // dashboard's browser tests and a developer signing in to the local stack need.
        server = new MockOAuth2Server(new OAuth2Config(true, null, null, false, new OAuth2TokenProvider(), callbacks));
        try {
            server.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static OidcIssuer start() {
        return new OidcIssuer(0);
    }

    /** For the local stack: an issuer on a fixed port. */
    public static OidcIssuer startOnPort(int port) {
        return new OidcIssuer(port);
    }

    /** The JVM-wide issuer shared by tests. */
    public static OidcIssuer shared() {
        return Shared.OIDC.get();
    }

    /** e.g. {@code http://127.0.0.1:PORT/ci}: the {@code iss} of its tokens and the discovery base. */
    public String issuerUrl(String issuerId) {
        return stripSlash(server.issuerUrl(issuerId).toString());
    }

    public String tokenEndpoint(String issuerId) {
        return server.tokenEndpointUrl(issuerId).toString();
    }

    public String jwksUrl(String issuerId) {
        return server.jwksUrl(issuerId).toString();
    }

    /** A token signed by this issuer's key with the given subject, audience, claims and lifetime. */
    public String token(String issuerId, String subject, String audience, Map<String, ?> claims, Duration ttl) {
        var callback = new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", List.of(audience),
                Map.copyOf(claims), ttl.toSeconds());
        return server.issueToken(issuerId, "test-client", callback).serialize();
    }

    /** An agent's token as a CI job would present it: CI issuer, audience {@value #AGENT_AUDIENCE}, 5 minutes. */
    public String ciToken(String subject, Map<String, ?> claims) {
        return token(CI, subject, AGENT_AUDIENCE, claims, Duration.ofMinutes(5));
    }

    /** A human's or service's token from the company IdP with the given groups. */
    public String internalToken(String subject, String... groups) {
        return token(INTERNAL, subject, INTERNAL_AUDIENCE, Map.of("groups", List.of(groups)), Duration.ofMinutes(5));
    }

    /** A token whose {@code exp} lies in the past (signature still valid). */
    public String expiredToken(String issuerId, String subject, String audience, Map<String, ?> claims) {
        return token(issuerId, subject, audience, claims, Duration.ofMinutes(-5));
    }

    /** An {@code alg: none} token with otherwise valid claims: must always be refused. */
    public String unsignedToken(String issuerId, String subject, String audience, Map<String, ?> claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = encoder.encodeToString(claimsSet(issuerId, subject, audience, claims).toString()
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + body + ".";
    }

    /** An HS256 token with otherwise valid claims, signed with a random secret: must always be refused. */
    public String hmacToken(String issuerId, String subject, String audience, Map<String, ?> claims) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claimsSet(issuerId, subject, audience, claims));
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTClaimsSet claimsSet(String issuerId, String subject, String audience, Map<String, ?> claims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuerUrl(issuerId)).subject(subject)
                .audience(audience).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        claims.forEach(builder::claim);
        return builder.build();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
