package dev.gatehouse.approval.request;

import dev.gatehouse.approval.ApprovalServiceTestBase;
import dev.gatehouse.model.ProblemTypes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a 400 problem that names the field, never a 500 or a stack trace. */
class ApprovalInputIT extends ApprovalServiceTestBase {

    @Test
    void namesEachMissingRequiredField() {
        for (String field : new String[] {"sessionId", "identity", "connection", "command", "fingerprint"}) {
            ObjectNode body = (ObjectNode) JSON.valueToTree(request());
            body.remove(field);

            assertBadRequest(post("/api/v1/approvals", PROXY, body.toString()), field);
        }
    }

    @Test
    void namesFieldsOfNestedObjects() {
        ObjectNode noSubject = (ObjectNode) JSON.valueToTree(request());
        ((ObjectNode) noSubject.get("identity")).remove("subject");
        ObjectNode noApprovals = (ObjectNode) JSON.valueToTree(request());
        ((ObjectNode) noApprovals.get("review")).put("approvals", 0);
        ObjectNode badExpiry = (ObjectNode) JSON.valueToTree(request());
        ((ObjectNode) badExpiry.get("review")).put("expiry", "PT0S");
        ObjectNode blankSession = (ObjectNode) JSON.valueToTree(request());
        blankSession.put("sessionId", " ");

        assertBadRequest(post("/api/v1/approvals", PROXY, noSubject.toString()), "identity.subject");
        assertBadRequest(post("/api/v1/approvals", PROXY, noApprovals.toString()), "review");
        assertBadRequest(post("/api/v1/approvals", PROXY, badExpiry.toString()), "review.expiry");
        assertBadRequest(post("/api/v1/approvals", PROXY, blankSession.toString()), "sessionId");
    }

    @Test
    void refusesMalformedJsonAndWrongTypes() {
        ObjectNode wrongProtocol = (ObjectNode) JSON.valueToTree(request());
        wrongProtocol.put("protocol", "CARRIER_PIGEON");

        assertProblem(post("/api/v1/approvals", PROXY, "{not json"), 400, ProblemTypes.INVALID_REQUEST);
        assertProblem(post("/api/v1/approvals", PROXY, null), 400, ProblemTypes.INVALID_REQUEST);
        assertBadRequest(post("/api/v1/approvals", PROXY, wrongProtocol.toString()), "protocol");
        assertThat(post("/api/v1/approvals", PROXY, wrongProtocol.toString()).body()).doesNotContain("CARRIER_PIGEON");
    }

    @Test
    void namesTheIdWhenItIsNotAUuid() {
        assertBadRequest(get("/api/v1/approvals/not-a-uuid", RITA), "id");
        assertBadRequest(approve("42", RITA, null), "id");
        assertBadRequest(post("/api/v1/approvals/x/consume", PROXY, "{}"), "id");
    }

    @Test
    void namesMissingFieldsOfAConsumption() {
        String id = create(request()).get("id").asString();

        assertBadRequest(post("/api/v1/approvals/" + id + "/consume", PROXY, "{\"identity\":{\"issuer\":\"i\",\"subject\":\"s\"}}"),
                "fingerprint");
        assertBadRequest(post("/api/v1/approvals/" + id + "/consume", PROXY, "{\"fingerprint\":\"f\"}"), "identity");
    }

    @Test
    void boundsTheComment() {
        String id = create(request()).get("id").asString();

        assertBadRequest(approve(id, RITA, "x".repeat(2001)), "comment");
    }

    private static void assertBadRequest(Response response, String field) {
        assertProblem(response, 400, ProblemTypes.INVALID_REQUEST);
        assertThat(response.json().get("detail").asString()).as(response.body()).startsWith(field);
    }
}
