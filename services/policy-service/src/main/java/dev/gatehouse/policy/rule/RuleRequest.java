package dev.gatehouse.policy.rule;

import dev.gatehouse.policy.common.Slugs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * Body of POST/PUT /api/v1/rules. Defaults: connection {@code *}, methods any, path {@code /**},
 * no claim conditions, audit WRITE_AHEAD, priority 100. On PUT {@code id} may be omitted.
 */
record RuleRequest(
        @Pattern(regexp = Slugs.PATTERN, message = "must match " + Slugs.PATTERN) String id,
        @Size(max = 1000) String description,
        @Size(max = 200) String connection,
        @Size(max = 20) List<String> methods,
        @Size(max = 2048) String path,
        @Size(max = 50) Map<String, String> claims,
        @NotBlank String verdict,
        String audit,
        Integer priority) {
}
