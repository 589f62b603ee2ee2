package dev.gatehouse.policy.pins;

import dev.gatehouse.policy.PolicyServiceIT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tool-definition pins on real PostgreSQL: the first definition reported is pinned and a different one is
 * refused (and offered to admins), an admin's pin re-approves the new one for every replica, only the
 * proxy may report and only an admin may pin.
 */
class ToolPinApiIT extends PolicyServiceIT {

    private static final String V1 = "a".repeat(64);
    private static final String V2 = "b".repeat(64);

    private static String check(String connection, String hash) {
        return "{\"connection\":\"%s\",\"tool\":\"echo\",\"hash\":\"%s\"}".formatted(connection, hash);
    }

    @Test
    void theFirstDefinitionIsPinnedAChangedOneRefusedUntilAnAdminPinsIt() throws Exception {
        String connection = "mcp-" + Long.toString(System.nanoTime(), 36);
        perform(post("/api/v1/tool-pins/checks"), PROXY, check(connection, V1))
                .andExpect(status().isOk()).andExpect(jsonPath("$.accepted").value(true));
        perform(post("/api/v1/tool-pins/checks"), PROXY, check(connection, V2))
                .andExpect(jsonPath("$.accepted").value(false)).andExpect(jsonPath("$.pinned").value(V1));
        perform(get("/api/v1/tool-pins?connection=" + connection), ADMIN)
                .andExpect(jsonPath("$[0].hash").value(V1)).andExpect(jsonPath("$[0].offeredHash").value(V2))
                .andExpect(jsonPath("$[0].pinnedBy").value(ToolPinLedger.FIRST_SIGHT));

        perform(put("/api/v1/tool-pins/" + connection + "/echo"), ADMIN, "{\"hash\":\"" + V2 + "\"}")
                .andExpect(status().isNoContent());

        perform(post("/api/v1/tool-pins/checks"), PROXY, check(connection, V2)).andExpect(jsonPath("$.accepted").value(true));
        perform(post("/api/v1/tool-pins/checks"), PROXY, check(connection, V1)).andExpect(jsonPath("$.accepted").value(false));
        perform(delete("/api/v1/tool-pins/" + connection + "/echo"), ADMIN).andExpect(status().isNoContent());
        perform(delete("/api/v1/tool-pins/" + connection + "/echo"), ADMIN).andExpect(status().isNotFound());
    }

    @Test
    void aRefusedDefinitionIsKnownToEveryReplicaUntilTheServerListsThePinnedOneOrAnAdminPinsIt() throws Exception {
        String connection = "mcp-" + Long.toString(System.nanoTime(), 36);
        assertThat(refused(connection)).as("no pin yet").isNull();
        perform(post("/api/v1/tool-pins/checks"), PROXY, check(connection, V1));
        assertThat(refused(connection)).isNull();

        perform(post("/api/v1/tool-pins/checks"), PROXY, check(connection, V2)).andExpect(jsonPath("$.accepted").value(false));
        assertThat(refused(connection)).isEqualTo(V2);
        perform(post("/api/v1/tool-pins/checks"), PROXY, check(connection, V1)).andExpect(jsonPath("$.accepted").value(true));
        assertThat(refused(connection)).as("the pinned definition is listed again").isNull();

        perform(post("/api/v1/tool-pins/checks"), PROXY, check(connection, V2));
        perform(put("/api/v1/tool-pins/" + connection + "/echo"), ADMIN, "{\"hash\":\"" + V2 + "\"}");
        assertThat(refused(connection)).as("re-approved").isNull();
        perform(get("/api/v1/tool-pins/" + connection + "/echo/refused"), ADMIN).andExpect(status().isForbidden());
        perform(get("/api/v1/tool-pins/-bad/echo/refused"), PROXY).andExpect(status().isBadRequest());
    }

    private String refused(String connection) throws Exception {
        String body = perform(get("/api/v1/tool-pins/" + connection + "/echo/refused"), PROXY)
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        JsonNode hash = JsonMapper.builder().build().readTree(body).path("hash");
        return hash.isString() ? hash.asString() : null;
    }

    @Test
    void onlyTheProxyReportsOnlyAnAdminPinsAndBadValuesAreRefused() throws Exception {
        perform(post("/api/v1/tool-pins/checks"), ADMIN, check("mcp-x", V1)).andExpect(status().isForbidden());
        perform(put("/api/v1/tool-pins/mcp-x/echo"), PROXY, "{\"hash\":\"" + V1 + "\"}").andExpect(status().isForbidden());
        perform(post("/api/v1/tool-pins/checks"), PROXY, check("mcp-x", "NOT-A-HASH")).andExpect(status().isBadRequest());
        perform(post("/api/v1/tool-pins/checks"), PROXY, check("../x", V1)).andExpect(status().isBadRequest());
    }
}
