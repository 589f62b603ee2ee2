package dev.gatehouse.proxy.vault;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Credential;
import dev.gatehouse.model.Lease;
import dev.gatehouse.proxy.support.StubHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy's lease cache against a stub vault: what is shared, what is per session, when the vault is asked. */
class LeaseCacheTests {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final CallerIdentity AGENT = new CallerIdentity("http://ci", "repo:acme/app", Map.of("run_id", "7"));

    private final StubHttpServer vault = new StubHttpServer();
    private final MutableClock clock = new MutableClock();
    private final VaultProperties properties = new VaultProperties(URI.create(vault.url()), Duration.ofSeconds(3),
            Duration.ofSeconds(30), Duration.ofSeconds(10));
    private final LeaseCache cache = new LeaseCache(new VaultClient(WebClient.create(), properties), properties, clock);

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void aStaticLeaseIsSharedByAllSessionsAndReplacedShortlyBeforeItExpires() {
        vault.respond(200, lease("lease-1", "orders-api", "BEARER", null, "fake-token-1", T0.plusSeconds(600), false));

        Lease first = cache.lease("orders-api", "session-a", AGENT).block();
        Lease second = cache.lease("orders-api", "session-b", AGENT).block();
        Lease legacyCall = cache.lease("orders-api").block();

        assertThat(vault.count()).isEqualTo(1);
        assertThat(first).isEqualTo(second).isEqualTo(legacyCall);
        assertThat(vault.last().path()).isEqualTo("/api/v1/leases");
        assertThat(vault.last().body()).contains("\"sessionId\":\"session-a\"").contains("\"subject\":\"repo:acme/app\"");

        clock.set(T0.plusSeconds(571)); // within refresh-before (30 s) of the expiry
        vault.respond(200, lease("lease-2", "orders-api", "BEARER", null, "fake-token-2", T0.plusSeconds(1200), false));

        assertThat(cache.lease("orders-api", "session-c", AGENT).block().leaseId()).isEqualTo("lease-2");
        assertThat(vault.count()).isEqualTo(2);
    }

    @Test
    void aDynamicCredentialIsKeptPerSession() {
        vault.respond(200, dynamic("lease-a", "gh_orders_a", T0.plusSeconds(900), T0.plusSeconds(3600)));
        Lease a = cache.lease("orders-db", "session-a", AGENT).block();
        Lease againA = cache.lease("orders-db", "session-a", AGENT).block();
        vault.respond(200, dynamic("lease-b", "gh_orders_b", T0.plusSeconds(900), T0.plusSeconds(3600)));
        Lease b = cache.lease("orders-db", "session-b", AGENT).block();

        assertThat(a).isEqualTo(againA);
        assertThat(a.credential().type()).isEqualTo(Credential.Type.PASSWORD);
        assertThat(a.credential().username()).isEqualTo("gh_orders_a");
        assertThat(b.credential().username()).isEqualTo("gh_orders_b");
        assertThat(vault.count()).isEqualTo(2);
        assertThat(vault.last().body()).contains("\"sessionId\":\"session-b\"");
    }

    @Test
    void concurrentRequestsOfOneSessionMintOneRole() {
        vault.respond(200, dynamic("lease-a", "gh_orders_a", T0.plusSeconds(900), T0.plusSeconds(3600)));
        cache.lease("orders-db", "warm-up", AGENT).block(); // the cache learns the connection is dynamic

        Lease[] both = Mono.zip(cache.lease("orders-db", "session-x", AGENT), cache.lease("orders-db", "session-x", AGENT))
                .map(pair -> new Lease[] {pair.getT1(), pair.getT2()}).block();

        assertThat(both[0]).isEqualTo(both[1]);
        assertThat(vault.count()).isEqualTo(2);
    }

    @Test
    void aDynamicLeaseIsRenewedBeforeItExpiresKeepingItsRole() {
        vault.respond(200, dynamic("lease-a", "gh_orders_a", T0.plusSeconds(60), T0.plusSeconds(3600)));
        Lease issued = cache.lease("orders-db", "session-a", AGENT).block();
        clock.set(T0.plusSeconds(40));
        vault.respond(200, status("lease-a", T0.plusSeconds(100), T0.plusSeconds(3600)));

        Lease renewed = cache.lease("orders-db", "session-a", AGENT).block();

        assertThat(vault.last().path()).isEqualTo("/api/v1/leases/lease-a/renew");
        assertThat(renewed.leaseId()).isEqualTo("lease-a");
        assertThat(renewed.credential()).isEqualTo(issued.credential());
        assertThat(renewed.expiresAt()).isEqualTo(T0.plusSeconds(100));
        assertThat(vault.count()).isEqualTo(2);
    }

    @Test
    void aLeaseAtItsMaximumIsReplacedByANewOne() {
        vault.respond(200, dynamic("lease-a", "gh_orders_a", T0.plusSeconds(60), T0.plusSeconds(60)));
        cache.lease("orders-db", "session-a", AGENT).block();
        clock.set(T0.plusSeconds(40));
        vault.respond(200, dynamic("lease-b", "gh_orders_b", T0.plusSeconds(100), T0.plusSeconds(3600)));

        Lease next = cache.lease("orders-db", "session-a", AGENT).block();

        assertThat(next.leaseId()).isEqualTo("lease-b");
        assertThat(vault.last().path()).isEqualTo("/api/v1/leases");
    }

    @Test
    void idleSessionsAreRenewedInTheBackground() {
        vault.respond(200, dynamic("lease-a", "gh_orders_a", T0.plusSeconds(60), T0.plusSeconds(3600)));
        cache.lease("orders-db", "session-a", AGENT).block();
        clock.set(T0.plusSeconds(45));
        vault.respond(200, status("lease-a", T0.plusSeconds(105), T0.plusSeconds(3600)));

        cache.renewDue().block();

        assertThat(vault.last().path()).isEqualTo("/api/v1/leases/lease-a/renew");
        clock.set(T0.plusSeconds(70)); // past the first expiry: only the renewal keeps it
        assertThat(cache.lease("orders-db", "session-a", AGENT).block().expiresAt()).isEqualTo(T0.plusSeconds(105));
        assertThat(vault.count()).isEqualTo(2);
    }

    @Test
    void releasingASessionRevokesOnlyItsLeases() {
        vault.respond(200, dynamic("lease-a", "gh_orders_a", T0.plusSeconds(900), T0.plusSeconds(3600)));
        cache.lease("orders-db", "session-a", AGENT).block();
        vault.respond(200, dynamic("lease-b", "gh_orders_b", T0.plusSeconds(900), T0.plusSeconds(3600)));
        cache.lease("orders-db", "session-b", AGENT).block();
        vault.respond(200, status("lease-a", T0, T0));

        cache.releaseSession("session-a").block();

        assertThat(vault.last().path()).isEqualTo("/api/v1/leases/lease-a/revoke");
        assertThat(vault.count()).isEqualTo(3);
        cache.lease("orders-db", "session-b", AGENT).block();
        assertThat(vault.count()).as("session-b still cached").isEqualTo(3);
    }

    @Test
    void releasingASessionNeverFailsEvenWhenTheVaultDoes() {
        vault.respond(200, dynamic("lease-a", "gh_orders_a", T0.plusSeconds(900), T0.plusSeconds(3600)));
        cache.lease("orders-db", "session-a", AGENT).block();
        vault.respond(503, "{}");

        cache.releaseSession("session-a").block();
        cache.releaseSession("never-seen").block();

        assertThat(vault.count()).isEqualTo(2);
    }

    @Test
    void aVaultErrorIsVaultUnavailableAndNothingOfTheBodyLeaks() {
        vault.respond(500, "{\"detail\":\"must-not-leak\"}");

        assertThatThrownBy(() -> cache.lease("orders-api", "session-a", AGENT).block())
                .isInstanceOf(VaultUnavailable.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("must-not-leak"));
    }

    @Test
    void aStillValidLeaseServesWhileTheVaultIsBrieflyAway() {
        vault.respond(200, lease("lease-1", "orders-api", "BEARER", null, "fake-token-1", T0.plusSeconds(600), false));
        cache.lease("orders-api").block();
        clock.set(T0.plusSeconds(580)); // refresh due, not yet expired
        vault.respond(503, "{}");

        assertThat(cache.lease("orders-api").block().leaseId()).isEqualTo("lease-1");
        clock.set(T0.plusSeconds(601));
        assertThatThrownBy(() -> cache.lease("orders-api").block()).isInstanceOf(VaultUnavailable.class);
    }

    @Test
    void aCredentialTypeThisProxyCannotInjectIsRefusedNotGuessed() {
        vault.respond(200, lease("lease-h", "gitlab", "KERBEROS", null, "fake-token-h", T0.plusSeconds(600), false));

        assertThatThrownBy(() -> cache.lease("gitlab").block()).isInstanceOf(VaultUnavailable.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("KERBEROS").doesNotContain("fake-token-h"));
    }

    @Test
    void aHeaderCredentialCarriesItsHeaderName() {
        vault.respond(200, lease("lease-h", "gitlab", "HEADER", null, "fake-token-h", T0.plusSeconds(600), false)
                .replace("\"secret\"", "\"header\":\"PRIVATE-TOKEN\",\"secret\""));

        assertThat(cache.lease("gitlab").block().credential().header()).isEqualTo("PRIVATE-TOKEN");
    }

    @Test
    void aLeaseIsCachedUnderTheConnectionItWasAskedForWhateverNameTheAnswerCarries() {
        vault.respond(200, lease("lease-1", "Orders-API", "BEARER", null, "fake-token-1", T0.plusSeconds(600), false));
        cache.lease("orders-api", "session-a", AGENT).block();
        vault.respond(200, lease("lease-2", "billing-api", "BEARER", null, "fake-token-2", T0.plusSeconds(600), false));

        assertThat(cache.lease("orders-api", "session-b", AGENT).block().leaseId()).as("found again").isEqualTo("lease-1");
        assertThat(cache.lease("Orders-API", "session-b", AGENT).block().leaseId())
                .as("another connection never gets orders-api's cached credential").isEqualTo("lease-2");
        assertThat(vault.count()).isEqualTo(2);
    }

    @Test
    void aLeaseFromAVaultWithoutTheDynamicFlagIsStatic() {
        vault.respond(200, "{\"leaseId\":\"old\",\"connection\":\"orders-api\",\"credential\":{\"type\":\"BEARER\","
                + "\"secret\":\"fake-token\"},\"expiresAt\":\"" + T0.plusSeconds(600) + "\"}");

        cache.lease("orders-api", "session-a", AGENT).block();
        cache.lease("orders-api", "session-b", AGENT).block();

        assertThat(vault.count()).isEqualTo(1);
    }

    private static String dynamic(String leaseId, String role, Instant expiresAt, Instant renewableUntil) {
        String lease = lease(leaseId, "orders-db", "PASSWORD", role, "fake-password-" + role, expiresAt, true);
        return lease.substring(0, lease.length() - 1) + ",\"renewableUntil\":\"" + renewableUntil + "\"}";
    }

    private static String lease(String leaseId, String connection, String type, String username, String secret,
                                Instant expiresAt, boolean dynamic) {
        return "{\"leaseId\":\"" + leaseId + "\",\"connection\":\"" + connection + "\",\"credential\":{\"type\":\""
                + type + "\"" + (username == null ? "" : ",\"username\":\"" + username + "\"") + ",\"secret\":\""
                + secret + "\"},\"expiresAt\":\"" + expiresAt + "\",\"dynamic\":" + dynamic + "}";
    }

    private static String status(String leaseId, Instant expiresAt, Instant renewableUntil) {
        return "{\"leaseId\":\"" + leaseId + "\",\"state\":\"ACTIVE\",\"expiresAt\":\"" + expiresAt
                + "\",\"renewableUntil\":\"" + renewableUntil + "\"}";
    }

    private static final class MutableClock extends Clock {

        private volatile Instant now = T0;

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
