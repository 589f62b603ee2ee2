package dev.gatehouse.policy.document;

import dev.gatehouse.model.Protocol;
import dev.gatehouse.policy.common.Slugs;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Connections: unique slug names, a type, and an upstream the proxy can reach without anything
 * secret in it (credentials live in the vault, so no user info in URLs).
 */
final class ConnectionValidator {

    /** {@code postgresql://host[:port]/database}, host a name, IPv4 or bracketed IPv6. */
    private static final Pattern POSTGRES = Pattern.compile(
            "postgresql://(?<host>[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(?::(?<port>[0-9]{1,5}))?/[A-Za-z0-9_$-]{1,63}");

    /** {@code stdio:/absolute/program}: an MCP server the proxy launches. */
    private static final Pattern STDIO = Pattern.compile("stdio:/[\\x21-\\x7e]{0,1023}");
    /**
     * {@code ssh://host[:port]?hostKey=SHA256:<base64>}: the host key's fingerprint is part of the upstream,
     * so the proxy verifies the host it reaches (no trust on first use) and a new key is a policy change.
     */
    private static final Pattern SSH = Pattern.compile(
            "ssh://(?<host>[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(?::(?<port>[0-9]{1,5}))?\\?hostKey=SHA256:[A-Za-z0-9+/]{43}=?");
    /** {@code mysql://host[:port]/database} (MySQL or MariaDB). */
    private static final Pattern MYSQL = Pattern.compile(
            "mysql://(?<host>[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(?::(?<port>[0-9]{1,5}))?/[A-Za-z0-9_$-]{1,64}");

    private final Checks checks;

    ConnectionValidator(Checks checks) {
        this.checks = checks;
    }

    void validate(List<ConnectionSpec> connections) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < connections.size(); i++) {
            ConnectionSpec connection = connections.get(i);
            String path = FieldPaths.index("connections", i);
            String name = FieldPaths.key(path, "name");
            if (connection.name() == null) {
                checks.fail(name, "required");
            } else if (!Slugs.isSlug(connection.name())) {
                checks.fail(name, "must match " + Slugs.PATTERN);
            } else if (seen.putIfAbsent(connection.name(), i) != null) {
                checks.fail(name, "duplicate connection '" + connection.name() + "' (also connections["
                        + seen.get(connection.name()) + "])");
            }
            if (connection.type() == null) {
                checks.fail(FieldPaths.key(path, "type"), "required: one of http, postgres, kubernetes, git, ssh, llm, mysql, mcp");
            } else {
                upstream(FieldPaths.key(path, "upstream"), connection.type(), connection.upstream());
            }
            connection.settings().keySet().stream().filter(String::isBlank).findFirst()
                    .ifPresent(key -> checks.fail(FieldPaths.key(path, "settings"), "setting names must not be empty"));
        }
    }

    private void upstream(String path, Protocol type, String upstream) {
        if (!checks.notBlank(path, upstream)) {
            return;
        }
        if (type == Protocol.POSTGRES || type == Protocol.MYSQL) {
            var matcher = (type == Protocol.MYSQL ? MYSQL : POSTGRES).matcher(upstream);
            if (!matcher.matches()) {
                checks.fail(path, type == Protocol.MYSQL ? "must be mysql://host[:port]/database"
                        : "must be postgresql://host[:port]/database");
            } else if (matcher.group("port") != null && !validPort(matcher.group("port"))) {
                checks.fail(path, "port must be between 1 and 65535");
            }
            return;
        }
        if (type == Protocol.SSH) {
            var matcher = SSH.matcher(upstream);
            if (!matcher.matches()) {
                checks.fail(path, "must be ssh://host[:port]?hostKey=SHA256:<fingerprint> (ssh-keygen -lf the host key)");
            } else if (matcher.group("port") != null && !validPort(matcher.group("port"))) {
                checks.fail(path, "port must be between 1 and 65535");
            }
            return;
        }
        if (type == Protocol.MCP && upstream.startsWith("stdio:")) {
            // an MCP server the proxy launches: an absolute program path (args and env are settings)
            if (!STDIO.matcher(upstream).matches() || upstream.contains("/../") || upstream.endsWith("/..")) {
                checks.fail(path, "a stdio server must be stdio:/absolute/path/to/program");
            }
            return;
        }
        String problem = httpProblem(upstream);
        if (problem != null) {
            checks.fail(path, problem);
        }
    }

    private static String httpProblem(String upstream) {
        URI uri;
        try {
            uri = new URI(upstream);
        } catch (URISyntaxException e) {
            return "is not a valid URL: " + e.getReason();
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            return "must be an absolute http:// or https:// URL";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain user info (credentials belong in the vault)";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must not have a query or fragment";
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return "port must be between 1 and 65535";
        }
        return null;
    }

    private static boolean validPort(String port) {
        int value = Integer.parseInt(port);
        return value >= 1 && value <= 65535;
    }
}
