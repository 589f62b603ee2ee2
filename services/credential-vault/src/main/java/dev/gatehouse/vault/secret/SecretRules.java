package dev.gatehouse.vault.secret;

import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The per-type rules of a secret. Every refusal is an {@link IllegalArgumentException} whose message
 * starts with the field name (a 400 problem naming it) and never repeats the secret.
 */
final class SecretRules {

    static final Pattern CONNECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\-\\[\\]]{1,253}");
    static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.$-]{0,62}");
    private static final Pattern PG_ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$.-]{0,62}");
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "upgrade", "te", "trailer", "keep-alive", "cookie", "proxy-authorization");
    private static final Duration MIN_TTL = Duration.ofSeconds(1);
    private static final Duration MAX_TTL = Duration.ofDays(1);

    private SecretRules() {
    }

    static void checkConnection(String connection) {
        if (connection == null || !CONNECTION_NAME.matcher(connection).matches()) {
            throw new IllegalArgumentException("connection: must be 1-128 letters, digits, '.', '_' or '-'");
        }
    }

    /** The checked request as the settings to store in clear; {@code null} when the type has none. */
    static SecretSettings settings(PutSecretRequest request) {
        SecretType type = request.secretType();
        refuseUnused(request, type);
        checkUsername(request, type);
        if (type.ssh() && !request.secret().contains("PRIVATE KEY-----")) {
            throw new IllegalArgumentException("secret: must be a private key in PEM (-----BEGIN OPENSSH PRIVATE KEY-----)");
        }
        if (!type.dynamic() && !type.ssh() && hasControlCharacters(request.secret())) {
            // Injected into HTTP headers or a startup message: CR/LF would split the header.
            throw new IllegalArgumentException("secret: must not contain control characters");
        }
        return switch (type) {
            case HEADER -> SecretSettings.header(header(request.header()));
            case POSTGRES_DYNAMIC -> dynamic(request);
            case MYSQL_DYNAMIC -> MysqlSecretRules.dynamic(request);
            default -> null;
        };
    }

    private static void checkUsername(PutSecretRequest request, SecretType type) {
        String username = request.username();
        if (!type.needsUsername()) {
            return;
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username: must not be blank for a " + type + " secret");
        }
        if (hasControlCharacters(username) || (type == SecretType.BASIC && username.contains(":"))) {
            throw new IllegalArgumentException("username: must not contain control characters"
                    + (type == SecretType.BASIC ? " or ':'" : ""));
        }
        if (type.postgres() && username.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
            throw new IllegalArgumentException("username: a PostgreSQL role name has at most 63 bytes");
        }
    }

    private static String header(String name) {
        if (name == null || !HEADER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("header: must be an HTTP header name such as X-Api-Key");
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (RESERVED_HEADERS.contains(lower) || lower.startsWith("gatehouse-")) {
            throw new IllegalArgumentException("header: " + name + " cannot carry a credential");
        }
        return name;
    }

    private static SecretSettings dynamic(PutSecretRequest request) {
        if (request.host() == null || !HOST.matcher(request.host()).matches()) {
            throw new IllegalArgumentException("host: must be a host name or IP address of the target PostgreSQL");
        }
        int port = request.port() == null ? 5432 : request.port();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: must be between 1 and 65535");
        }
        if (request.database() == null || !DATABASE.matcher(request.database()).matches()) {
            throw new IllegalArgumentException("database: must be a database name (letters, digits, '_', up to 63)");
        }
        String sslMode = request.sslMode() == null ? "prefer" : request.sslMode();
        if (!SSL_MODES.contains(sslMode)) {
            throw new IllegalArgumentException("sslMode: must be one of " + new java.util.TreeSet<>(SSL_MODES));
        }
        List<String> roles = request.grantedRoles() == null ? List.of() : request.grantedRoles();
        for (String role : roles) {
            if (role == null || !PG_ROLE.matcher(role).matches()) {
                throw new IllegalArgumentException("grantedRoles: each must be a PostgreSQL role name");
            }
        }
        Integer limit = request.connectionLimit();
        if (limit != null && (limit < 1 || limit > 10_000)) {
            throw new IllegalArgumentException("connectionLimit: must be between 1 and 10000");
        }
        Duration defaultTtl = ttl("defaultTtl", request.defaultTtl());
        Duration maxTtl = ttl("maxTtl", request.maxTtl());
        if (defaultTtl != null && maxTtl != null && defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("defaultTtl: must not exceed maxTtl");
        }
        String owner = request.objectOwner();
        if (owner != null && (!PG_ROLE.matcher(owner).matches() || owner.equalsIgnoreCase(request.username()))) {
            throw new IllegalArgumentException("objectOwner: must be a PostgreSQL role name other than the admin "
                    + "username (it inherits what dropped lease roles owned, so it must not be privileged)");
        }
        return new SecretSettings(null, request.host(), port, request.database(), sslMode,
                List.copyOf(new java.util.LinkedHashSet<>(roles)), limit, iso(defaultTtl), iso(maxTtl), owner);
    }

    static Duration ttl(String field, String text) {
        if (text == null) {
            return null;
        }
        Duration ttl;
        try {
            ttl = DurationStyle.detectAndParse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": must be a duration such as 15m or PT15M");
        }
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException(field + ": must be between 1s and 24h");
        }
        return ttl;
    }

    private static void refuseUnused(PutSecretRequest request, SecretType type) {
        Map<String, Object> unused = new LinkedHashMap<>();
        if (!type.needsUsername()) {
            unused.put("username", request.username());
        }
        if (type != SecretType.HEADER) {
            unused.put("header", request.header());
        }
        if (type == SecretType.MYSQL_DYNAMIC) {
            unused.put("objectOwner", request.objectOwner()); // MySQL objects have no owner to hand on
        } else if (type != SecretType.POSTGRES_DYNAMIC) {
            unused.put("host", request.host());
            unused.put("port", request.port());
            unused.put("database", request.database());
            unused.put("sslMode", request.sslMode());
            unused.put("grantedRoles", request.grantedRoles());
            unused.put("connectionLimit", request.connectionLimit());
            unused.put("defaultTtl", request.defaultTtl());
            unused.put("maxTtl", request.maxTtl());
            unused.put("objectOwner", request.objectOwner());
        }
        unused.forEach((field, value) -> {
            if (value != null) {
                throw new IllegalArgumentException(field + ": not used by a " + type + " secret");
            }
        });
    }

    private static boolean hasControlCharacters(String value) {
        return value != null && value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    static String iso(Duration duration) {
        return duration == null ? null : duration.toString();
    }
}
