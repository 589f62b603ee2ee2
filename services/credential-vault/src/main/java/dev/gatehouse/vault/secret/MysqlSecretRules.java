package dev.gatehouse.vault.secret;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a MYSQL_DYNAMIC secret: where the target MariaDB/MySQL is and which template role every
 * minted user gets. Exactly one role: MariaDB activates one default role per login, so a second one would
 * be granted but silently inactive (a template with several privileges sets is one role granted the others).
 */
final class MysqlSecretRules {

    /** Plain identifiers only: the name is still backtick-quoted in DDL, but nothing needs more than this. */
    private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,63}");
    /** MariaDB Connector/J's sslMode values; verify-full unless the admin says otherwise (fail closed). */
    private static final Set<String> SSL_MODES = Set.of("disable", "trust", "verify-ca", "verify-full");
    private static final Set<String> RESERVED_ROLES = Set.of("none", "public");

    private MysqlSecretRules() {
    }

    static SecretSettings dynamic(PutSecretRequest request) {
        if (request.host() == null || !SecretRules.HOST.matcher(request.host()).matches()) {
            throw new IllegalArgumentException("host: must be a host name or IP address of the target MySQL/MariaDB");
        }
        int port = request.port() == null ? 3306 : request.port();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: must be between 1 and 65535");
        }
        if (request.database() == null || !SecretRules.DATABASE.matcher(request.database()).matches()) {
            throw new IllegalArgumentException("database: must be a database name (letters, digits, '_', up to 63)");
        }
        String sslMode = request.sslMode() == null ? "verify-full" : request.sslMode();
        if (!SSL_MODES.contains(sslMode)) {
            throw new IllegalArgumentException("sslMode: must be one of " + new java.util.TreeSet<>(SSL_MODES));
        }
        List<String> roles = request.grantedRoles() == null ? List.of() : request.grantedRoles();
        if (roles.size() != 1 || roles.get(0) == null || !ROLE.matcher(roles.get(0)).matches()
                || RESERVED_ROLES.contains(roles.get(0).toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("grantedRoles: a MYSQL_DYNAMIC secret names exactly one template role "
                    + "(letters, digits, '_', '$'), which every minted user is granted as its default role");
        }
        Integer limit = request.connectionLimit();
        if (limit != null && (limit < 1 || limit > 10_000)) {
            throw new IllegalArgumentException("connectionLimit: must be between 1 and 10000");
        }
        Duration defaultTtl = SecretRules.ttl("defaultTtl", request.defaultTtl());
        Duration maxTtl = SecretRules.ttl("maxTtl", request.maxTtl());
        if (defaultTtl != null && maxTtl != null && defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("defaultTtl: must not exceed maxTtl");
        }
        return new SecretSettings(null, request.host(), port, request.database(), sslMode, List.copyOf(roles), limit,
                SecretRules.iso(defaultTtl), SecretRules.iso(maxTtl), null);
    }
}
