package dev.gatehouse.policy.pins;

import dev.gatehouse.policy.PolicyServiceIT;
import org.junit.jupiter.api.Test;

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
        String connection = "mcp-" + System.nanoTime();
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
    void onlyTheProxyReportsOnlyAnAdminPinsAndBadValuesAreRefused() throws Exception {
        perform(post("/api/v1/tool-pins/checks"), ADMIN, check("mcp-x", V1)).andExpect(status().isForbidden());
        perform(put("/api/v1/tool-pins/mcp-x/echo"), PROXY, "{\"hash\":\"" + V1 + "\"}").andExpect(status().isForbidden());
        perform(post("/api/v1/tool-pins/checks"), PROXY, check("mcp-x", "NOT-A-HASH")).andExpect(status().isBadRequest());
        perform(post("/api/v1/tool-pins/checks"), PROXY, check("../x", V1)).andExpect(status().isBadRequest());
    }
}
