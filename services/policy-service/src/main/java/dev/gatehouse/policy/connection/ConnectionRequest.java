package dev.gatehouse.policy.connection;

import dev.gatehouse.policy.common.Slugs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST/PUT /api/v1/connections. On PUT {@code name} may be omitted (the path names it). */
record ConnectionRequest(
        @Pattern(regexp = Slugs.PATTERN, message = "must match " + Slugs.PATTERN) String name,
        @NotBlank String protocol,
        @NotBlank @Size(max = 2048) String upstream,
        @Size(max = 1000) String description) {
}
