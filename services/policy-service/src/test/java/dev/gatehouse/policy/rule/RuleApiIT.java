package dev.gatehouse.policy.rule;

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

class RuleApiIT extends PolicyServiceIT {

    @Test
    void createsWithDefaultsReadsUpdatesAndDeletes() throws Exception {
        perform(post("/api/v1/rules"), ADMIN, """
                {"id":"rule-crud","verdict":"allow","methods":["get","HEAD"]}""")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/rules/rule-crud"))
                .andExpect(jsonPath("$.connection").value("*"))
                .andExpect(jsonPath("$.path").value("/**"))
                .andExpect(jsonPath("$.methods[0]").value("GET"))
                .andExpect(jsonPath("$.methods[1]").value("HEAD"))
                .andExpect(jsonPath("$.verdict").value("ALLOW"))
                .andExpect(jsonPath("$.audit").value("WRITE_AHEAD"))
                .andExpect(jsonPath("$.priority").value(100));

        perform(get("/api/v1/rules"), ADMIN).andExpect(jsonPath("$[*].id", hasItem("rule-crud")));
        perform(put("/api/v1/rules/rule-crud"), ADMIN, """
                {"verdict":"DENY","connection":"echo","path":"/admin/**","claims":{"repository":"acme/*"},"priority":5}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verdict").value("DENY"))
                .andExpect(jsonPath("$.claims.repository").value("acme/*"))
                .andExpect(jsonPath("$.methods").isEmpty());
        perform(get("/api/v1/rules/rule-crud"), ADMIN).andExpect(jsonPath("$.priority").value(5));
        perform(delete("/api/v1/rules/rule-crud"), ADMIN).andExpect(status().isNoContent());
        perform(get("/api/v1/rules/rule-crud"), ADMIN).andExpectAll(problem(404, ProblemTypes.NOT_FOUND.toString()));
        perform(delete("/api/v1/rules/rule-crud"), ADMIN).andExpectAll(problem(404, ProblemTypes.NOT_FOUND.toString()));
    }

    @Test
    void putCreatesAMissingRule() throws Exception {
        perform(put("/api/v1/rules/rule-put"), ADMIN, """
                {"verdict":"REVIEW","methods":["DELETE"]}""")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/rules/rule-put"));
    }

    @Test
    void refusesADuplicateId() throws Exception {
        String json = """
                {"id":"rule-dup","verdict":"DENY"}""";
        perform(post("/api/v1/rules"), ADMIN, json).andExpect(status().isCreated());

        perform(post("/api/v1/rules"), ADMIN, json).andExpectAll(problem(409, ProblemTypes.CONFLICT.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\":\"Bad Id\",\"verdict\":\"ALLOW\"}                                          | id",
            "{\"verdict\":\"ALLOW\"}                                                            | id",
            "{\"id\":\"r\"}                                                                     | verdict",
            "{\"id\":\"r\",\"verdict\":\"MAYBE\"}                                               | verdict",
            "{\"id\":\"r\",\"verdict\":\"ALLOW\",\"audit\":\"LATER\"}                           | audit",
            "{\"id\":\"r\",\"verdict\":\"ALLOW\",\"audit\":\"ASYNC\"}                           | audit",
            "{\"id\":\"r\",\"verdict\":\"ALLOW\",\"audit\":\"ASYNC\",\"methods\":[\"GET\",\"POST\"]} | audit",
            "{\"id\":\"r\",\"verdict\":\"REVIEW\",\"audit\":\"ASYNC\",\"methods\":[\"GET\"]}    | audit",
            "{\"id\":\"r\",\"verdict\":\"ALLOW\",\"path\":\"no-slash\"}                         | path",
            "{\"id\":\"r\",\"verdict\":\"ALLOW\",\"path\":\"/a/../b\"}                          | path",
            "{\"id\":\"r\",\"verdict\":\"ALLOW\",\"path\":\"/a**\"}                             | path",
            "{\"id\":\"r\",\"verdict\":\"ALLOW\",\"methods\":[\"G E T\"]}                       | methods",
            "{\"id\":\"r\",\"verdict\":\"ALLOW\",\"connection\":\"\"}                           | connection",
            "{\"id\":\"r\",\"verdict\":\"ALLOW\",\"claims\":{\"repository\":\"\"}}              | claims.repository",
    })
    void namesTheInvalidField(String json, String field) throws Exception {
        perform(post("/api/v1/rules"), ADMIN, json)
                .andExpectAll(problem(400, ProblemTypes.INVALID_REQUEST.toString()))
                .andExpect(jsonPath("$.detail").value(containsString(field + ":")));
    }

    @Test
    void asyncAuditIsAcceptedForReads() throws Exception {
        perform(post("/api/v1/rules"), ADMIN, """
                {"id":"rule-async","verdict":"ALLOW","audit":"ASYNC","methods":["GET","HEAD","OPTIONS"]}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.audit").value("ASYNC"));
    }
}
