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
    void aFullDecisionAndATypedOperationSurviveJson() {
        Decision decision = new Decision(Verdict.REVIEW, "drops", "statement 2: drops need two", AuditMode.WRITE_AHEAD,
                new ConnectionTarget("orders-db", Protocol.POSTGRES, "postgresql://db/orders"), 12L,
                new MaskingDirectives(List.of("$.password"), List.of("email"), List.of("secrets", "card"),
                        MaskingDirectives.MaskingStyle.HASH, MaskingDirectives.OversizeAction.PASS),
                new ReviewSettings("dba", 2, java.time.Duration.ofMinutes(30)), List.of("x-dry-run"));
        Operation push = Operation.http("repo", "POST", "/acme/app.git/git-receive-pack", null)
                .withHeaders(Map.of("content-type", "application/x-git-receive-pack-request"))
                .withRefUpdates(List.of(new GitRefUpdate("refs/heads/main", "a".repeat(40), "0".repeat(40))));

        assertThat(json.readValue(json.writeValueAsString(decision), Decision.class)).isEqualTo(decision);
        Operation read = json.readValue(json.writeValueAsString(push), Operation.class);
        assertThat(read).isEqualTo(push);
        assertThat(read.refUpdates().getFirst().action()).isEqualTo(GitRefUpdate.Action.DELETE);
        assertThat(json.readValue(json.writeValueAsString(Operation.sql("db", "select 1")), Operation.class).statement())
                .isEqualTo("select 1");
    }

    @Test
    void aDecisionsPermitsSurviveJsonAndAreAbsentByDefault() {
        Decision decision = new Decision(Verdict.ALLOW, "search", null, AuditMode.ASYNC,
                new ConnectionTarget("es", Protocol.HTTP, "http://es:9200"), 3L, null, null, List.of(),
                List.of(Decision.PERMIT_BODY_ON_READ));

        String text = json.writeValueAsString(decision);

        assertThat(json.readValue(text, Decision.class)).isEqualTo(decision);
        assertThat(decision.permits(Decision.PERMIT_BODY_ON_READ)).isTrue();
        assertThat(decision.permits(Decision.PERMIT_WEBSOCKET)).isFalse();
        assertThat(json.writeValueAsString(Decision.defaultDeny("x"))).doesNotContain("permits");
    }

    @Test
    void anOperationTakesAuditAttributesWithoutLosingWhatItHad() {
        Operation operation = Operation.http("c", "GET", "/x", "a=1").withHeaders(Map.of("accept", "*/*"))
                .withAttribute("upgrade", "websocket").withAttribute("refused", "upgrade-not-allowed");

        assertThat(operation.attributes()).containsEntry("upgrade", "websocket")
                .containsEntry("refused", "upgrade-not-allowed");
        assertThat(operation.headers()).containsEntry("accept", "*/*");
        assertThat(operation.query()).isEqualTo("a=1");
    }

    @Test
    void anOlderDecisionWithoutTheNewFieldsReadsWithDefaults() {
        Decision decision = json.readValue("{\"verdict\":\"ALLOW\",\"ruleId\":\"r\",\"target\":{\"name\":\"x\","
                + "\"protocol\":\"HTTP\",\"upstream\":\"http://x\"}}", Decision.class);

        assertThat(decision.policyVersion()).isZero();
        assertThat(decision.masking()).isEqualTo(MaskingDirectives.DEFAULT);
        assertThat(decision.vary()).isEmpty();
        assertThat(decision.permits()).isEmpty();
        assertThat(decision.review()).isNull();
    }

    @Test
    void policyChangesAndDynamicLeasesSurviveJson() {
        PolicyChanged change = new PolicyChanged(8, "alice", Instant.parse("2026-11-22T10:15:30Z"), 6L);
        Lease lease = new Lease("l-2", "orders-db", Credential.password("gh_orders_x1", "pw-not-shown"),
                Instant.parse("2026-11-22T10:30:00Z"), true, Instant.parse("2026-11-22T11:15:00Z"));
        Credential header = Credential.header("PRIVATE-TOKEN", "glpat-not-shown");

        assertThat(json.readValue(json.writeValueAsString(change), PolicyChanged.class)).isEqualTo(change);
        assertThat(json.readValue(json.writeValueAsString(lease), Lease.class)).isEqualTo(lease);
        assertThat(json.readValue(json.writeValueAsString(header), Credential.class)).isEqualTo(header);
        assertThat(header.toString()).doesNotContain("glpat-not-shown").contains("PRIVATE-TOKEN");
        assertThatThrownBy(() -> new Credential(Credential.Type.HEADER, null, "v")).isInstanceOf(IllegalArgumentException.class);
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

    @Test
    void approvalContractsSurviveJsonAndReviewChannelsAreCalledNotify() {
        ReviewSettings review = new ReviewSettings("dba", 2, java.time.Duration.ofMinutes(30),
                java.time.Duration.ofMinutes(15), List.of("slack-dba"));
        ApprovalRequest request = new ApprovalRequest("s-9", 1, identity, "orders-db", Protocol.POSTGRES,
                Operation.sql("orders-db", "ALTER TABLE t ADD c int"), "ALTER TABLE t ADD c int", "f".repeat(64),
                "schema-changes", 4L, review);
        Approval approval = new Approval(Ids.uuidV7(), ApprovalStatus.APPROVED, "s-9", identity, "orders-db",
                Protocol.POSTGRES, request.command(), request.fingerprint(), "schema-changes", 4L, "dba", 2,
                List.of(new ApprovalVote("https://idp", "carol", ApprovalStatus.APPROVED, "ok",
                        Instant.parse("2026-11-22T10:16:00Z"))),
                Instant.parse("2026-11-22T10:15:30Z"), Instant.parse("2026-11-22T10:45:30Z"),
                Instant.parse("2026-11-22T10:16:00Z"), Instant.parse("2026-11-22T10:31:00Z"), null, 3, "http://a/1");
        ApprovalDecided decided = new ApprovalDecided(approval.id(), ApprovalStatus.REJECTED, "s-9", "f".repeat(64),
                "carol", "not now", Instant.parse("2026-11-22T10:16:00Z"), 3);

        String reviewJson = json.writeValueAsString(review);
        assertThat(reviewJson).contains("\"notify\":[\"slack-dba\"]");
        assertThat(json.readValue(reviewJson, ReviewSettings.class)).isEqualTo(review);
        assertThat(json.readValue(json.writeValueAsString(request), ApprovalRequest.class)).isEqualTo(request);
        assertThat(json.readValue(json.writeValueAsString(approval), Approval.class)).isEqualTo(approval);
        assertThat(json.readValue(json.writeValueAsString(decided), ApprovalDecided.class)).isEqualTo(decided);
        assertThat(json.readValue("{\"reviewers\":\"r\",\"approvals\":1,\"expiry\":\"PT10M\"}", ReviewSettings.class)
                .oneTime()).as("an older producer's review settings mean one-time approvals").isTrue();
        assertThat(ApprovalStatus.CONSUMED.isFinal()).isTrue();
        assertThat(ApprovalStatus.APPROVED.isFinal()).as("a windowed approval may be used again").isFalse();
    }
}
