package dev.gatehouse.policy.connection;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.policy.PolicyServiceIT;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The active version's connections, read-only, for admins and auditors. */
class ConnectionApiIT extends PolicyServiceIT {

    @Test
    void listsTheActiveVersionsConnectionsByName() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        storePolicy("""
                apiVersion: gatehouse.dev/v1
                connections:
                  - {name: zz-%1$s, type: http, upstream: "https://zz.internal", description: Last}
                  - name: aa-%1$s
                    type: postgres
                    upstream: "postgresql://aa.internal:5432/app"
                    settings: {sslmode: verify-full}
                """.formatted(suffix));

        perform(get("/api/v1/connections"), AUDITOR).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].name").value("aa-" + suffix))
                .andExpect(jsonPath("$[0].type").value("POSTGRES"))
                .andExpect(jsonPath("$[0].settings.sslmode").value("verify-full"))
                .andExpect(jsonPath("$[0].policyVersion").isNumber())
                .andExpect(jsonPath("$[1].name").value("zz-" + suffix))
                .andExpect(jsonPath("$[1].description").value("Last"));
        perform(get("/api/v1/connections/zz-" + suffix), ADMIN).andExpect(status().isOk())
                .andExpect(jsonPath("$.upstream").value("https://zz.internal"))
                .andExpect(jsonPath("$.type").value("HTTP"));
    }

    @Test
    void anUnknownConnectionIsNotFound() throws Exception {
        perform(get("/api/v1/connections/no-such-connection"), ADMIN)
                .andExpectAll(problem(404, ProblemTypes.NOT_FOUND.toString()));
    }
}
