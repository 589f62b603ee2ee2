package dev.gatehouse.policy.document;

import dev.gatehouse.model.Decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a rule is about. At most one section per connection type is meaningful; every present
 * section must match, and a section that does not apply to the operation's kind (say {@code sql} for
 * an HTTP request) does not match. No section at all matches every operation.
 *
 * <p>Set-valued facts (SQL statement kinds and tables) are matched by the action's direction: an
 * {@code allow} rule must cover all of them (allowing {@code select} on {@code public.*} does not
 * allow a statement that also deletes, or also reads {@code secret.keys}), while a {@code deny} or
 * {@code review} rule matches when any of them is named.
 */
public record OperationMatch(Http http, Sql sql, Kubernetes kubernetes, Git git, Ssh ssh, Llm llm, Mcp mcp) {

    public static final OperationMatch ANY = new OperationMatch(null, null, null, null, null, null, null);

    /** A match without an {@code ssh} or {@code llm} block. */
    public OperationMatch(Http http, Sql sql, Kubernetes kubernetes, Git git) {
        this(http, sql, kubernetes, git, null, null, null);
    }

    /** A match without an {@code mcp} block. */
    public OperationMatch(Http http, Sql sql, Kubernetes kubernetes, Git git, Ssh ssh, Llm llm) {
        this(http, sql, kubernetes, git, ssh, llm, null);
    }

    /**
     * HTTP: methods (empty = any), path globs ({@code *} one segment, {@code **} any), header and query
     * globs. {@code bodyOnRead} and {@code websocket} do not narrow the match: they let requests the
     * rule decides carry a body on GET or HEAD, or open a WebSocket, which the proxy otherwise refuses.
     */
    public record Http(List<String> methods, List<String> paths, Map<String, String> headers,
                       Map<String, String> query, Boolean bodyOnRead, Boolean websocket) {
        public Http {
            methods = methods == null ? List.of() : List.copyOf(methods);
            paths = paths == null ? List.of() : List.copyOf(paths);
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            query = query == null ? Map.of() : Map.copyOf(query);
        }

        /** The request forms this rule permits, as a decision names them ({@code Decision.permits}). */
        public List<String> permits() {
            List<String> permits = new ArrayList<>(2);
            if (Boolean.TRUE.equals(bodyOnRead)) {
                permits.add(Decision.PERMIT_BODY_ON_READ);
            }
            if (Boolean.TRUE.equals(websocket)) {
                permits.add(Decision.PERMIT_WEBSOCKET);
            }
            return List.copyOf(permits);
        }
    }

    /**
     * SQL per statement: kinds (see {@code SqlKind}, written lower-case with dashes), table globs
     * ({@code public.*}, {@code users}: an unqualified glob matches the table's own name in any schema),
     * and {@code withoutWhere: true} to match only an UPDATE or DELETE with no WHERE clause.
     */
    public record Sql(List<String> kinds, List<String> tables, Boolean withoutWhere) {
        public Sql {
            kinds = kinds == null ? List.of() : List.copyOf(kinds);
            tables = tables == null ? List.of() : List.copyOf(tables);
        }
    }

    /** Kubernetes API: verbs, API groups ({@code ""} = core), resources, namespaces, names, subresources (globs). */
    public record Kubernetes(List<String> verbs, List<String> groups, List<String> resources,
                             List<String> namespaces, List<String> names, List<String> subresources) {
        public Kubernetes {
            verbs = verbs == null ? List.of() : List.copyOf(verbs);
            groups = groups == null ? List.of() : List.copyOf(groups);
            resources = resources == null ? List.of() : List.copyOf(resources);
            namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
            names = names == null ? List.of() : List.copyOf(names);
            subresources = subresources == null ? List.of() : List.copyOf(subresources);
        }
    }

    /**
     * Git smart HTTP: services ({@code upload-pack} = fetch/clone, {@code receive-pack} = push),
     * repository path globs, and for pushes the ref globs and ref actions ({@code create},
     * {@code update}, {@code delete}) of the pushed ref updates.
     */
    public record Git(List<String> services, List<String> repositories, List<String> refs, List<String> actions) {
        public Git {
            services = services == null ? List.of() : List.copyOf(services);
            repositories = repositories == null ? List.of() : List.copyOf(repositories);
            refs = refs == null ? List.of() : List.copyOf(refs);
            actions = actions == null ? List.of() : List.copyOf(actions);
        }
    }

    /**
     * SSH: request kinds ({@code exec}, {@code shell}, {@code port-forward}, {@code agent-forward},
     * {@code subsystem}, {@code sftp}; empty = any) and command globs over each simple command of an exec
     * request ({@code systemctl restart *}), or over a forward's {@code host:port} or a subsystem's name.
     * For {@code sftp} file operations (scp and sftp): the operations ({@code read}, {@code write},
     * {@code remove}, …) and globs over the absolute, normalized path ({@code *} crosses {@code /}).
     */
    public record Ssh(List<String> requests, List<String> commands, List<String> files, List<String> paths) {
        public Ssh {
            requests = requests == null ? List.of() : List.copyOf(requests);
            commands = commands == null ? List.of() : List.copyOf(commands);
            files = files == null ? List.of() : List.copyOf(files);
            paths = paths == null ? List.of() : List.copyOf(paths);
        }

        /** A block without file operations or paths. */
        public Ssh(List<String> requests, List<String> commands) {
            this(requests, commands, null, null);
        }
    }

    /**
     * An LLM API call (connection type {@code llm}): model globs, a {@code max_tokens} ceiling and tool
     * (function) name globs, read from the request body by the proxy. By the action's direction: an allow
     * rule needs the model named, {@code max_tokens} present and at most the ceiling, and every tool named;
     * a deny or review rule matches a named model, a {@code max_tokens} over the ceiling (or none), or any
     * named tool.
     */
    public record Llm(List<String> models, Long maxTokens, List<String> tools) {
        public Llm {
            models = models == null ? List.of() : List.copyOf(models);
            tools = tools == null ? List.of() : List.copyOf(tools);
        }
    }

    /**
     * An MCP message (connection type {@code mcp}), read from the JSON-RPC body by the proxy: method globs
     * ({@code initialize}, {@code tools/list}, {@code notifications/*}, ...) and tool name globs, which
     * match only a {@code tools/call} of a named tool. Both empty: any MCP message of the connection.
     */
    public record Mcp(List<String> methods, List<String> tools) {
        public Mcp {
            methods = methods == null ? List.of() : List.copyOf(methods);
            tools = tools == null ? List.of() : List.copyOf(tools);
        }
    }
}
