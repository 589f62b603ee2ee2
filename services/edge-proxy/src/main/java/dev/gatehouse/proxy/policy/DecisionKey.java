package dev.gatehouse.proxy.policy;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.GitRefUpdate;
import dev.gatehouse.model.LlmFacts;
import dev.gatehouse.model.McpFacts;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.mysqlsql.MySqlFingerprint;
import dev.gatehouse.pgsql.SqlFingerprint;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cache key of a decision: who (issuer, subject, every kept claim, since CEL conditions may read
 * any of them) and what, normalized so repeats hit: SQL with literals replaced by placeholders, HTTP
 * method, path and query plus the values of the headers the connection's rules inspect ({@code vary}),
 * and a push's ref updates; an SSH request exactly as it is. Anything a rule can see is in the key;
 * nothing a rule cannot see is.
 */
final class DecisionKey {

    /** An LLM call's facts rules read (model, ceiling, tools); the prompt's hash is not one of them. */
    private static final String[] LLM_FACTS = {LlmFacts.API, LlmFacts.MODEL, LlmFacts.MAX_TOKENS, LlmFacts.TOOLS};
    /**
     * An MCP message's facts rules read (method, tool, the shell and Kubernetes meaning of its arguments):
     * without them a cached allow of one tool allows all. The arguments themselves only when a rule's
     * condition reads them (policy-service puts {@code mcp.arguments} into {@code vary}).
     */
    private static final String[] MCP_FACTS = {McpFacts.METHOD, McpFacts.TOOL, McpFacts.SHELL, McpFacts.KUBERNETES,
            McpFacts.LISTING};

    private DecisionKey() {
    }

    /** A key for the whole request, every header included: equal only for requests no rule can tell apart. */
    static String exact(CallerIdentity identity, Operation operation) {
        return of(identity, operation, new TreeMap<>(operation.headers()).keySet());
    }

    static String of(CallerIdentity identity, Operation operation, Collection<String> vary) {
        StringBuilder key = new StringBuilder(256)
                .append(identity.issuer()).append('\u0000')
                .append(identity.subject()).append('\u0000')
                .append(new TreeMap<>(identity.claims())).append('\u0000')
                .append(operation.connection()).append('\u0000')
                .append(operation.protocol()).append('\u0000');
        for (String fact : MCP_FACTS) {
            String value = operation.attributes().get(fact);
            if (value != null) {
                key.append(fact).append('=').append(value).append('\u0000');
            }
        }
        if (operation.protocol() == Protocol.SSH) {
            // exact: SSH rules read the request kind, a forward's digits, a path and a shell word's quotes,
            // which the SQL fingerprint below would erase ('127.0.0.1:8080' and '127.0.0.1:15432' alike)
            return key.append(operation.method()).append('\u0000').append(operation.statement()).append('\u0000')
                    .append(operation.path()).append('\u0000').append(new TreeMap<>(operation.attributes())).toString();
        }
        if (operation.statement() != null && operation.protocol() != Protocol.HTTP) {
            // each database's own lexical rules: PostgreSQL's would drop a MySQL /*! ... */ body as a comment
            return key.append(operation.protocol() == Protocol.MYSQL ? MySqlFingerprint.of(operation.statement())
                    : SqlFingerprint.of(operation.statement())).toString();
        }
        key.append(operation.method()).append(' ').append(operation.path()).append('?').append(operation.query());
        Map<String, String> headers = operation.headers();
        for (String name : vary) {
            String value = McpFacts.ARGUMENTS.equals(name) ? operation.attributes().get(name) : headers.get(name);
            key.append('\u0000').append(name).append('=').append(value);
        }
        for (String fact : LLM_FACTS) {
            String value = operation.attributes().get(fact);
            if (value != null) {
                key.append('\u0000').append(fact).append('=').append(value);
            }
        }
        if (operation.statement() != null) {
            key.append('\u0000').append(SqlFingerprint.of(operation.statement())); // an MCP call's SQL arguments
        }
        for (GitRefUpdate update : operation.refUpdates()) {
            key.append('\u0000').append(update.oldId()).append(' ').append(update.newId()).append(' ').append(update.ref());
        }
        return key.toString();
    }
}
