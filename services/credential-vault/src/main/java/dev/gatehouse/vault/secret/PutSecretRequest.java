package dev.gatehouse.vault.secret;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /api/v1/secrets/{connection}}. The type is a string so that an unknown value is
 * reported against the {@code type} field rather than as unreadable JSON.
 */
record PutSecretRequest(
        @NotNull @Pattern(regexp = "BEARER|BASIC", message = "must be BEARER or BASIC") String type,
        @Size(max = 256) String username,
        @NotBlank @Size(max = 8192) String secret) {

    boolean isBasic() {
        return "BASIC".equals(type);
    }

    /** The request body holds the plaintext secret: keep it out of any log line. */
    @Override
    public String toString() {
        return "PutSecretRequest[type=" + type + ", username=" + username + ", secret=***]";
    }
}
