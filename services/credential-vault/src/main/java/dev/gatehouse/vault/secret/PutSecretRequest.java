package dev.gatehouse.vault.secret;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Body of {@code PUT /api/v1/secrets/{connection}}. One flat shape for every type; {@link SecretRules}
 * checks which fields each type needs and refuses the ones it does not use. The type is a string so
 * that an unknown value is reported against the {@code type} field rather than as unreadable JSON.
 */
record PutSecretRequest(
        @NotNull @Pattern(regexp = "BEARER|BASIC|HEADER|POSTGRES_PASSWORD|POSTGRES_DYNAMIC|SSH_KEY|SSH_CA|MYSQL_DYNAMIC",
                message = "must be BEARER, BASIC, HEADER, POSTGRES_PASSWORD, POSTGRES_DYNAMIC, SSH_KEY, SSH_CA or MYSQL_DYNAMIC") String type,
        @Size(max = 256) String username,
        @NotBlank @Size(max = 8192) String secret,
        @Size(max = 128) String header,
        @Size(max = 253) String host,
        Integer port,
        @Size(max = 63) String database,
        String sslMode,
        @Size(max = 16) List<String> grantedRoles,
        Integer connectionLimit,
        String defaultTtl,
        String maxTtl,
        @Size(max = 63) String objectOwner) {

    SecretType secretType() {
        return SecretType.valueOf(type);
    }

    /** The request body holds the plaintext secret: keep it out of any log line. */
    @Override
    public String toString() {
        return "PutSecretRequest[type=" + type + ", username=" + username + ", secret=***, header=" + header
                + ", host=" + host + ", port=" + port + ", database=" + database + "]";
    }
}
