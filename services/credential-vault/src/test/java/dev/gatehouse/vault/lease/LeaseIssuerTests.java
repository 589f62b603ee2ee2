package dev.gatehouse.vault.lease;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.LeaseRequest;
import dev.gatehouse.vault.audit.AuditUnavailable;
import dev.gatehouse.vault.audit.TestAudit;
import dev.gatehouse.vault.crypto.EnvelopeCipher;
import dev.gatehouse.vault.crypto.SecretBinding;
import dev.gatehouse.vault.crypto.TestSealing;
import dev.gatehouse.vault.mysql.MysqlUsers;
import dev.gatehouse.vault.postgres.DynamicRoles;
import dev.gatehouse.vault.secret.SecretSettings;
import dev.gatehouse.vault.secret.SecretStore;
import dev.gatehouse.vault.secret.SecretType;
import dev.gatehouse.vault.secret.StoredSecret;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Kafka does not acknowledge CREDENTIAL_ISSUED: no credential leaves, and a freshly minted role is dropped. */
class LeaseIssuerTests {

    private static final String ADMIN_PASSWORD = "fake-admin-password-41";
    private static final String TOKEN = "fake-bearer-token-42";
    private static final CallerIdentity AGENT = new CallerIdentity("http://ci", "repo:acme/app", Map.of());

    private final EnvelopeCipher cipher = TestSealing.cipher("kek-1", randomKey());
    private final SecretStore secrets = mock(SecretStore.class);
    private final LeaseStore leases = mock(LeaseStore.class);
    private final DynamicRoles roles = mock(DynamicRoles.class);
    private final LeaseRevoker revoker = mock(LeaseRevoker.class);
    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, String> kafka = mock(KafkaTemplate.class);
    private final LeaseIssuer issuer = new LeaseIssuer(secrets, new SecretOpener(cipher), leases,
            new DynamicLogins(roles, mock(MysqlUsers.class), new SecretOpener(cipher)), revoker,
            TestAudit.trail(kafka), TestAudit.events(),
            new LeaseProperties(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofSeconds(30), 100));

    @Test
    void aDynamicLeaseIsNotHandedOutAndItsRoleIsDroppedWhenKafkaDoesNotAcknowledge() {
        kafkaDown();
        when(leases.activate(any())).thenReturn(true);
        store(SecretType.POSTGRES_DYNAMIC, "vault_admin", ADMIN_PASSWORD,
                "{\"host\":\"db\",\"port\":5432,\"database\":\"orders\",\"grantedRoles\":[\"readonly\"]}");

        assertThatThrownBy(() -> issuer.issue(new LeaseRequest("orders-db", "session-1", AGENT), "proxy"))
                .isInstanceOf(AuditUnavailable.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ADMIN_PASSWORD));

        ArgumentCaptor<String> password = ArgumentCaptor.forClass(String.class);
        ArgumentCaptor<String> role = ArgumentCaptor.forClass(String.class);
        verify(roles).create(any(), role.capture(), password.capture(), any(Instant.class), eq(List.of("readonly")),
                any());
        ArgumentCaptor<LeaseRecord> abandoned = ArgumentCaptor.forClass(LeaseRecord.class);
        verify(revoker).abandon(abandoned.capture(), eq("audit-unavailable"));
        assertThat(abandoned.getValue().roleName()).isEqualTo(role.getValue()).startsWith("gh_orders_db_");
        ArgumentCaptor<String> event = ArgumentCaptor.forClass(String.class);
        verify(kafka).send(anyString(), anyString(), event.capture());
        assertThat(event.getValue()).contains("CREDENTIAL_ISSUED").contains(role.getValue())
                .doesNotContain(password.getValue()).doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void aStaticLeaseIsNotHandedOutWhenKafkaDoesNotAcknowledge() {
        kafkaDown();
        store(SecretType.BEARER, null, TOKEN, null);

        assertThatThrownBy(() -> issuer.issue(new LeaseRequest("orders-db"), "proxy"))
                .isInstanceOf(AuditUnavailable.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        verify(revoker).abandon(any(), eq("audit-unavailable"));
        verify(roles, never()).create(any(), any(), any(), any(), any(), any());
    }

    @Test
    void aLeaseIsHandedOutOnceKafkaAcknowledged() {
        when(kafka.send(anyString(), anyString(), anyString())).thenReturn(CompletableFuture.completedFuture(null));
        store(SecretType.BEARER, null, TOKEN, null);

        IssuedLease lease = issuer.issue(new LeaseRequest("orders-db", "session-2", AGENT), "proxy");

        assertThat(lease.credential().secret()).isEqualTo(TOKEN);
        assertThat(lease.dynamic()).isFalse();
        assertThat(lease.toString()).doesNotContain(TOKEN);
        verify(revoker, never()).abandon(any(), any());
    }

    @Test
    void theIssueTakesItsPlaceInTheCallersSessionWhereTheProxyAskedForIt() {
        when(kafka.send(anyString(), anyString(), anyString())).thenReturn(CompletableFuture.completedFuture(null));
        store(SecretType.BEARER, null, TOKEN, null);

        // the proxy leases after the session's events 1-3 (a request held, approval asked and decided)
        issuer.issue(new LeaseRequest("orders-db", "session-3", AGENT, 4L), "proxy");

        org.mockito.ArgumentCaptor<String> event = org.mockito.ArgumentCaptor.forClass(String.class);
        verify(kafka).send(anyString(), eq("session-3"), event.capture());
        assertThat(event.getValue()).contains("\"kind\":\"CREDENTIAL_ISSUED\"").contains("\"seq\":4")
                .doesNotContain(TOKEN);
    }

    private void kafkaDown() {
        when(kafka.send(anyString(), anyString(), anyString()))
                .thenReturn(CompletableFuture.failedFuture(new TimeoutException("no broker")));
    }

    private void store(SecretType type, String username, String secret, String settingsJson) {
        SecretBinding binding = new SecretBinding("orders-db", type.name(), username, settingsJson);
        SecretSettings settings = settingsJson == null ? null : tools.jackson.databind.json.JsonMapper.builder().build()
                .readValue(settingsJson, SecretSettings.class);
        StoredSecret stored = new StoredSecret("orders-db", type, username, settingsJson, settings,
                cipher.seal(binding, secret.getBytes(StandardCharsets.UTF_8)), Instant.now(), Instant.now());
        when(secrets.find("orders-db")).thenReturn(Optional.of(stored));
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
