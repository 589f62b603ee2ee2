package dev.gatehouse.policy.document;

import dev.gatehouse.policy.sql.SqlKind;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A rule's {@code match}: each section's names must be known and each glob must compile. */
final class MatchValidator {

    static final Set<String> SQL_KINDS = Arrays.stream(SqlKind.values()).map(SqlKind::policyName)
            .collect(Collectors.toUnmodifiableSet());
    static final Set<String> KUBERNETES_VERBS = Set.of("get", "list", "watch", "create", "update", "patch",
            "delete", "deletecollection", "*");
    static final Set<String> GIT_SERVICES = Set.of("upload-pack", "receive-pack");
    static final Set<String> GIT_ACTIONS = Set.of("create", "update", "delete");
    static final Set<String> SSH_REQUESTS = Set.of("exec", "shell", "port-forward", "agent-forward", "subsystem",
            "sftp");
    static final Set<String> SFTP_OPERATIONS = Set.of("read", "write", "list", "remove", "rmdir", "mkdir", "rename",
            "setstat", "link");

    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z-]{0,31}");
    /** RFC 9110 token characters, lower-case (names are lower-cased before this check). */
    private static final Pattern HEADER = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");

    private final Checks checks;

    MatchValidator(Checks checks) {
        this.checks = checks;
    }

    void validate(String path, OperationMatch match) {
        if (match.http() != null) {
            http(FieldPaths.key(path, "http"), match.http());
        }
        if (match.sql() != null) {
            String sql = FieldPaths.key(path, "sql");
            checks.oneOf(FieldPaths.key(sql, "kinds"), match.sql().kinds(), SQL_KINDS, "SQL kind");
            checks.valueGlobs(FieldPaths.key(sql, "tables"), match.sql().tables());
        }
        if (match.kubernetes() != null) {
            kubernetes(FieldPaths.key(path, "kubernetes"), match.kubernetes());
        }
        if (match.ssh() != null) {
            String ssh = FieldPaths.key(path, "ssh");
            checks.oneOf(FieldPaths.key(ssh, "requests"), match.ssh().requests(), SSH_REQUESTS, "SSH request");
            checks.valueGlobs(FieldPaths.key(ssh, "commands"), match.ssh().commands());
            checks.oneOf(FieldPaths.key(ssh, "files"), match.ssh().files(), SFTP_OPERATIONS, "file operation");
            checks.valueGlobs(FieldPaths.key(ssh, "paths"), match.ssh().paths());
        }
        if (match.git() != null) {
            String git = FieldPaths.key(path, "git");
            checks.oneOf(FieldPaths.key(git, "services"), match.git().services(), GIT_SERVICES, "git service");
            checks.valueGlobs(FieldPaths.key(git, "repositories"), match.git().repositories());
            checks.valueGlobs(FieldPaths.key(git, "refs"), match.git().refs());
            checks.oneOf(FieldPaths.key(git, "actions"), match.git().actions(), GIT_ACTIONS, "ref action");
        }
        if (match.mcp() != null) {
            String mcp = FieldPaths.key(path, "mcp");
            checks.valueGlobs(FieldPaths.key(mcp, "methods"), match.mcp().methods());
            checks.valueGlobs(FieldPaths.key(mcp, "tools"), match.mcp().tools());
        }
        if (match.llm() != null) {
            String llm = FieldPaths.key(path, "llm");
            checks.valueGlobs(FieldPaths.key(llm, "models"), match.llm().models());
            checks.valueGlobs(FieldPaths.key(llm, "tools"), match.llm().tools());
            if (match.llm().maxTokens() != null && match.llm().maxTokens() < 1) {
                checks.fail(FieldPaths.key(llm, "maxTokens"), "must be at least 1");
            }
        }
    }

    private void http(String path, OperationMatch.Http http) {
        for (int i = 0; i < http.methods().size(); i++) {
            String method = http.methods().get(i);
            if (method == null || !METHOD.matcher(method).matches()) {
                checks.fail(FieldPaths.index(FieldPaths.key(path, "methods"), i), "must be an HTTP method such as GET");
            }
        }
        checks.pathGlobs(FieldPaths.key(path, "paths"), http.paths());
        String headers = FieldPaths.key(path, "headers");
        http.headers().forEach((name, value) -> {
            if (!HEADER.matcher(name).matches()) {
                checks.fail(FieldPaths.key(headers, name), "is not a valid header name");
            } else {
                checks.valueGlob(FieldPaths.key(headers, name), value);
            }
        });
        checks.globMap(FieldPaths.key(path, "query"), http.query());
        if (Boolean.TRUE.equals(http.websocket()) && !http.methods().isEmpty() && !http.methods().contains("GET")) {
            checks.fail(FieldPaths.key(path, "websocket"), "a WebSocket opens with GET: add GET to methods");
        }
        if (Boolean.TRUE.equals(http.bodyOnRead()) && !http.methods().isEmpty() && !http.methods().contains("GET")
                && !http.methods().contains("HEAD")) {
            checks.fail(FieldPaths.key(path, "bodyOnRead"), "concerns GET and HEAD only: add one to methods");
        }
    }

    private void kubernetes(String path, OperationMatch.Kubernetes kubernetes) {
        checks.oneOf(FieldPaths.key(path, "verbs"), kubernetes.verbs(), KUBERNETES_VERBS, "verb");
        // "" is the core API group, so only glob-check the others.
        for (int i = 0; i < kubernetes.groups().size(); i++) {
            String group = kubernetes.groups().get(i);
            if (group != null && !group.isEmpty()) {
                checks.valueGlob(FieldPaths.index(FieldPaths.key(path, "groups"), i), group);
            }
        }
        checks.valueGlobs(FieldPaths.key(path, "resources"), kubernetes.resources());
        checks.valueGlobs(FieldPaths.key(path, "namespaces"), kubernetes.namespaces());
        checks.valueGlobs(FieldPaths.key(path, "names"), kubernetes.names());
        checks.valueGlobs(FieldPaths.key(path, "subresources"), kubernetes.subresources());
    }
}
