package dev.gatehouse.model;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRoundTripTests {

    private final JsonMapper json = JsonMapper.builder().build();

    private final CallerIdentity identity = new CallerIdentity("https://token.actions.githubusercontent.com",
            "repo:acme/app:ref:refs/heads/main", Map.of("repository", "acme/app", "groups", List.of("a", "b")));

    @Test
    void auditEventSurvivesJson() {
        Operation operation = Operation.http("demo-http", "GET", "/items/1", "q=x");
        AuditEvent event = new AuditEvent(Ids.uuidV7(), "s-1", 2, Instant.parse("2026-11-22T10:15:30.123Z"),
                AuditEventKind.REQUEST, identity, "demo-http", Protocol.HTTP, operation, Verdict.ALLOW, "r-1",
                null, Map.of("aws-key", 1), "{}", 200, 12L);

        String text = json.writeValueAsString(event);
        AuditEvent back = json.readValue(text, AuditEvent.class);

        assertThat(back).isEqualTo(event);
        assertThat(text).contains("\"kind\":\"REQUEST\"").doesNotContain("approvalId");
    }

    @Test
    void decisionAndRequestSurviveJson() {
        Decision decision = new Decision(Verdict.ALLOW, "allow-get", "reads are fine", AuditMode.ASYNC,
                new ConnectionTarget("demo-http", Protocol.HTTP, "http://localhost:9000"));
        DecisionRequest request = new DecisionRequest(identity, Operation.http("demo-http", "DELETE", "/x", null));

        assertThat(json.readValue(json.writeValueAsString(decision), Decision.class)).isEqualTo(decision);
        assertThat(json.readValue(json.writeValueAsString(request), DecisionRequest.class)).isEqualTo(request);
    }

    @Test
    void decisionDefaultsToWriteAheadAudit() {
        Decision decision = json.readValue("{\"verdict\":\"DENY\",\"ruleId\":\"r\"}", Decision.class);

        assertThat(decision.audit()).isEqualTo(AuditMode.WRITE_AHEAD);
    }

    @Test
    void leaseSurvivesJsonButCredentialNeverPrintsItsSecret() {
        Lease lease = new Lease("l-1", "demo-http", Credential.basic("svc", "s3cr3t-value"),
                Instant.parse("2026-11-22T10:15:30Z"));

        String text = json.writeValueAsString(lease);

        assertThat(json.readValue(text, Lease.class)).isEqualTo(lease);
        assertThat(lease.toString()).doesNotContain("s3cr3t-value");
        assertThat(lease.credential().toString()).doesNotContain("s3cr3t-value").contains("***");
    }

    @Test
    void basicCredentialNeedsUsername() {
        assertThatThrownBy(() -> Credential.basic("", "pw")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identityClaimJoinsLists() {
        assertThat(identity.claim("groups")).isEqualTo("a,b");
        assertThat(identity.claim("repository")).isEqualTo("acme/app");
        assertThat(identity.claim("missing")).isNull();
    }

    @Test
    void uuidV7IsVersionSevenAndTimeOrdered() {
        var first = Ids.uuidV7(1_000L);
        var second = Ids.uuidV7(2_000L);

        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(first.compareTo(second)).isNegative();
    }
}
