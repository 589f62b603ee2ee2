package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.proxy.support.Curl;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, HTTP: an approval binds what changes the request's meaning besides method, path, query and
 * body: Content-Type, Content-Encoding, conditional headers, headers the policy's rules inspect, and the
 * effective method (so a method override cannot reuse it). Each attack replays an approved request
 * changed in one such way, with curl; the target must not have been called.
 */
class ApprovalBindingIT extends ApprovalIntegrationTest {

    private static final String BODY = "{\"refund\":42}";

    @Test
    void anApprovalGrantedForOneContentTypeIsRefusedForAnother() {
        UUID id = approved("/proxy/bind-type/refunds", "-H", "Content-Type: application/json");
        int before = TARGET.count();

        Curl otherType = retry(id, "/proxy/bind-type/refunds", "-H", "Content-Type: text/plain");
        Curl noType = retry(id, "/proxy/bind-type/refunds", "-H", "Content-Type:");
        Curl withCharset = retry(id, "/proxy/bind-type/refunds", "-H", "Content-Type: application/json; charset=UTF-16");

        for (Curl refused : new Curl[] {otherType, noType, withCharset}) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("\"type\":\"https://gatehouse.dev/problems/approval-not-usable\"")
                    .contains("\"reason\":\"different-command\"");
        }
        assertThat(TARGET.count()).as("the target was never called").isEqualTo(before);
        Curl same = retry(id, "/proxy/bind-type/refunds", "-H", "Content-Type: application/json");
        assertThat(same.status()).as("the approved request itself still runs").isEqualTo(200);
        assertThat(TARGET.last().header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void anApprovalIsRefusedWhenAContentEncodingOrConditionIsAddedOrDropped() {
        UUID id = approved("/proxy/bind-enc/refunds", "-H", "Content-Type: application/json", "-H", "If-Match: \"v1\"");
        int before = TARGET.count();

        Curl encoded = retry(id, "/proxy/bind-enc/refunds", "-H", "Content-Type: application/json",
                "-H", "If-Match: \"v1\"", "-H", "Content-Encoding: gzip");
        Curl unconditional = retry(id, "/proxy/bind-enc/refunds", "-H", "Content-Type: application/json");

        assertThat(encoded.status()).isEqualTo(403);
        assertThat(unconditional.status()).isEqualTo(403);
        assertThat(encoded.body()).contains("\"reason\":\"different-command\"");
        assertThat(TARGET.count()).isEqualTo(before);
    }

    @Test
    void aMethodOverrideCannotRunAnApprovedPostAsADelete() {
        UUID id = approved("/proxy/bind-override/rows/5", "-H", "Content-Type: application/json");
        int before = TARGET.count();

        Curl overridden = retry(id, "/proxy/bind-override/rows/5", "-H", "Content-Type: application/json",
                "-H", "X-HTTP-Method-Override: DELETE");
        Curl queryOverride = retry(id, "/proxy/bind-override/rows/5?_method=DELETE", "-H", "Content-Type: application/json");

        assertThat(overridden.status()).isEqualTo(403);
        assertThat(queryOverride.status()).isEqualTo(403);
        assertThat(overridden.body()).contains("\"reason\":\"different-command\"");
        assertThat(TARGET.count()).isEqualTo(before);
    }

    @Test
    void aHeaderThePolicyInspectsIsBoundToo() {
        POLICY.respond(200, review("rule-review-writes").replace("\"review\":", "\"vary\":[\"x-dry-run\"],\"review\":"));
        UUID id = approved("/proxy/bind-vary/jobs", "-H", "Content-Type: application/json", "-H", "X-Dry-Run: true");
        int before = TARGET.count();

        Curl real = retry(id, "/proxy/bind-vary/jobs", "-H", "Content-Type: application/json", "-H", "X-Dry-Run: false");

        assertThat(real.status()).isEqualTo(403);
        assertThat(TARGET.count()).isEqualTo(before);
    }

    @Test
    void theReviewerSeesTheBoundHeadersInTheCommand() {
        UUID id = approved("/proxy/bind-shown/refunds", "-H", "Content-Type: application/json",
                "-H", "Content-Encoding: identity");

        assertThat(APPROVALS.request(id).command()).startsWith("POST /refunds\ncontent-encoding: identity\n"
                + "content-type: application/json\n\n" + BODY);
    }

    /** Asks for the approval with {@code Prefer: respond-async}, then a reviewer approves it. */
    private UUID approved(String path, String... headers) {
        Curl accepted = post(path, with(headers, "-H", "Prefer: respond-async"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        UUID id = UUID.fromString(accepted.header("Gatehouse-Approval"));
        APPROVALS.decide(id, ApprovalStatus.APPROVED, "alice", "this refund, as sent");
        return id;
    }

    private Curl retry(UUID id, String path, String... headers) {
        return post(path, with(headers, "-H", "Gatehouse-Approval: " + id));
    }

    private Curl post(String path, String... headers) {
        return Curl.run(agentToken(), with(headers, "--data-binary", BODY, "http://127.0.0.1:" + port + path));
    }

    private static String[] with(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
