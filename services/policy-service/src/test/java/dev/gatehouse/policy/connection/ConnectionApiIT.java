package dev.gatehouse.policy.connection;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.policy.PolicyServiceIT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class ConnectionApiIT extends PolicyServiceIT {

    private static String body(String name, String upstream) {
        return """
                {"name":"%s","protocol":"HTTP","upstream":"%s","description":"demo echo"}""".formatted(name, upstream);
    }

    @Test
    void createsReadsListsAndDeletesAConnection() throws Exception {
        perform(post("/api/v1/connections"), ADMIN, body("echo-crud", "http://echo.internal:8080"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/connections/echo-crud"))
                .andExpect(jsonPath("$.name").value("echo-crud"))
                .andExpect(jsonPath("$.protocol").value("HTTP"))
                .andExpect(jsonPath("$.upstream").value("http://echo.internal:8080"))
                .andExpect(jsonPath("$.createdAt").exists());

        perform(get("/api/v1/connections/echo-crud"), ADMIN).andExpect(status().isOk())
                .andExpect(jsonPath("$.description").value("demo echo"));
        perform(get("/api/v1/connections"), ADMIN).andExpect(status().isOk())
                .andExpect(jsonPath("$[*].name", hasItem("echo-crud")));
        perform(delete("/api/v1/connections/echo-crud"), ADMIN).andExpect(status().isNoContent());
        perform(get("/api/v1/connections/echo-crud"), ADMIN).andExpectAll(problem(404, ProblemTypes.NOT_FOUND.toString()));
        perform(delete("/api/v1/connections/echo-crud"), ADMIN).andExpectAll(problem(404, ProblemTypes.NOT_FOUND.toString()));
    }

    @Test
    void refusesADuplicateName() throws Exception {
        perform(post("/api/v1/connections"), ADMIN, body("echo-dup", "http://a")).andExpect(status().isCreated());

        perform(post("/api/v1/connections"), ADMIN, body("echo-dup", "http://b"))
                .andExpectAll(problem(409, ProblemTypes.CONFLICT.toString()))
                .andExpect(jsonPath("$.detail").value(containsString("echo-dup")));
    }

    @Test
    void putCreatesThenUpdates() throws Exception {
        perform(put("/api/v1/connections/echo-put"), ADMIN, """
                {"protocol":"HTTP","upstream":"http://first"}""")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/connections/echo-put"));

        perform(put("/api/v1/connections/echo-put"), ADMIN, body("echo-put", "https://second:8443/base"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.upstream").value("https://second:8443/base"));
    }

    @Test
    void putCannotRename() throws Exception {
        perform(put("/api/v1/connections/echo-rename"), ADMIN, body("other", "http://x"))
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()))
                .andExpect(jsonPath("$.detail").value(containsString("name")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"Bad_Name\",\"protocol\":\"HTTP\",\"upstream\":\"http://x\"}                 | name",
            "{\"name\":\"-lead\",\"protocol\":\"HTTP\",\"upstream\":\"http://x\"}                    | name",
            "{\"protocol\":\"HTTP\",\"upstream\":\"http://x\"}                                       | name",
            "{\"name\":\"ok\",\"protocol\":\"POSTGRES\",\"upstream\":\"http://x\"}                   | protocol",
            "{\"name\":\"ok\",\"protocol\":\"SMTP\",\"upstream\":\"http://x\"}                       | protocol",
            "{\"name\":\"ok\",\"upstream\":\"http://x\"}                                             | protocol",
            "{\"name\":\"ok\",\"protocol\":\"HTTP\",\"upstream\":\"ftp://x\"}                        | upstream",
            "{\"name\":\"ok\",\"protocol\":\"HTTP\",\"upstream\":\"/relative\"}                      | upstream",
            "{\"name\":\"ok\",\"protocol\":\"HTTP\",\"upstream\":\"http://x/?q=1\"}                  | upstream",
            "{\"name\":\"ok\",\"protocol\":\"HTTP\",\"upstream\":\"http://x/#frag\"}                 | upstream",
            "{\"name\":\"ok\",\"protocol\":\"HTTP\",\"upstream\":\"http:///nohost\"}                 | upstream",
            "{\"name\":\"ok\",\"protocol\":\"HTTP\",\"upstream\":\"http://user:pw@x\"}               | upstream",
            "{\"name\":\"ok\",\"protocol\":\"HTTP\"}                                                 | upstream",
    })
    void namesTheInvalidField(String json, String field) throws Exception {
        perform(post("/api/v1/connections"), ADMIN, json)
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()))
                .andExpect(jsonPath("$.detail").value(containsString(field + ":")));
    }

    @Test
    void malformedJsonIsAProblem() throws Exception {
        perform(post("/api/v1/connections"), ADMIN, "{not json")
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()));
    }

    @Test
    void credentialsInAnUpstreamAreNotEchoed() throws Exception {
        perform(post("/api/v1/connections"), ADMIN, body("leaky", "http://user:fake-secret-123@x"))
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(containsString("fake-secret-123"))));
    }
}
