package dev.gatehouse.support;

import dev.gatehouse.model.ProblemTypes;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemJsonWriterTests {

    @Test
    void writesTheProblemDocumentTheSecurityChainAnsweredWithBefore() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        ProblemJsonWriter.write(response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
                "a valid bearer token is required");

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).isEqualTo("{\"type\":\"" + ProblemTypes.UNAUTHORIZED
                + "\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"a valid bearer token is required\"}");
    }

    @Test
    void escapesWhatTheHandWrittenJsonDidNot() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        ProblemJsonWriter.write(response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "a \"quoted\" word");

        assertThat(response.getContentAsString()).endsWith(",\"detail\":\"a \\\"quoted\\\" word\"}");
    }
}
