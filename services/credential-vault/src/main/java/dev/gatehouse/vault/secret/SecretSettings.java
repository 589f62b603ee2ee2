package dev.gatehouse.vault.secret;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The non-secret part of a secret, stored in clear as JSON next to the sealed value (and bound to it
 * as associated data, so it cannot be altered in the table). {@code header} is for HEADER secrets;
 * the rest describes a POSTGRES_DYNAMIC target and its role template. Durations are ISO-8601 strings.
 * {@code objectOwner} is the role that inherits what a dropped lease role owned; {@code null} means the
 * connection's own {@code gh_<connection>_owner} role (see {@link dev.gatehouse.vault.postgres.RoleNames#owner}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretSettings(String header, String host, Integer port, String database, String sslMode,
                             List<String> grantedRoles, Integer connectionLimit, String defaultTtl, String maxTtl,
                             String objectOwner) {

    public SecretSettings {
        grantedRoles = grantedRoles == null ? null : List.copyOf(grantedRoles);
    }

    static SecretSettings header(String name) {
        return new SecretSettings(name, null, null, null, null, null, null, null, null, null);
    }

    public Duration defaultTtlDuration() {
        return defaultTtl == null ? null : Duration.parse(defaultTtl);
    }

    public Duration maxTtlDuration() {
        return maxTtl == null ? null : Duration.parse(maxTtl);
    }

    public List<String> grantedRolesOrEmpty() {
        return grantedRoles == null ? List.of() : grantedRoles;
    }

    /** Roles minted from the old settings live on this server and database; the new ones must too. */
    boolean sameTarget(SecretSettings other) {
        return other != null && Objects.equals(host, other.host) && Objects.equals(port, other.port)
                && Objects.equals(database, other.database);
    }
}
