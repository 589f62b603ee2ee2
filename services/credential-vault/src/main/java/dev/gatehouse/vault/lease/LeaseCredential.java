package dev.gatehouse.vault.lease;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The credential inside an issued lease. Same JSON as {@code dev.gatehouse.model.Credential} plus the
 * type HEADER with its {@code header} name, which the shared contract cannot express yet. Never printed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LeaseCredential(Type type, String username, String header, String secret) {

    /** SSH_KEY: the private key in {@code secret}; a signed user certificate, if any, in {@code header}. */
    enum Type { BEARER, BASIC, HEADER, PASSWORD, SSH_KEY }

    @Override
    public String toString() {
        return "LeaseCredential[type=" + type + ", username=" + username + ", header=" + header + ", secret=***]";
    }
}
