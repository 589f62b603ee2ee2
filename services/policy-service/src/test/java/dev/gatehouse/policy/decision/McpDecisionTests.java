package dev.gatehouse.policy.decision;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.McpFacts;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.model.Verdict;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An mcp connection decided on the JSON-RPC message's method and tool name. */
class McpDecisionTests {

    private static final PolicyEvaluator EVALUATOR = TestPolicies.compile("""
            apiVersion: gatehouse.dev/v1
            connections:
              - {name: tools, type: mcp, upstream: "http://mcp.internal/mcp"}
              - {name: api, type: http, upstream: "http://api.internal"}
              - {name: pg, type: postgres, upstream: "postgresql://db.internal:5432/app"}
            rules:
              - id: deny-destructive-tools
                action: deny
                connections: [tools]
                match: {mcp: {tools: ["delete_*", "drop_*"]}}
              - id: mcp-session
                action: allow
                connections: [tools]
                match: {mcp: {methods: ["initialize", "ping", "tools/list", "notifications/*"]}}
              - id: mcp-read-tools
                action: allow
                connections: [tools]
                subject: {claims: {repository: "acme/*"}}
                match: {mcp: {tools: ["read_*", "echo"]}}
              - {id: http-reads, action: allow, connections: [api]}
              - id: mcp-query-tool
                action: allow
                connections: [tools]
                match: {mcp: {tools: ["query"]}}
              - id: mcp-sql-reads
                action: allow
                connections: [tools]
                match: {sql: {kinds: [select]}}
              - {id: pg-reads, action: allow, connections: [pg], match: {sql: {kinds: [select]}}}
              - id: mcp-sql-no-ddl
                action: deny
                connections: [tools]
                match: {sql: {kinds: [drop, truncate, alter]}}
            """);
    private static final CallerIdentity CI = new CallerIdentity("https://token.actions.githubusercontent.com",
            "repo:acme/app:ref:refs/heads/main", Map.of("repository", "acme/app"));

    @Test
    void allowsTheSessionsMethodsByName() {
        assertThat(decide("tools", message("initialize", null)).ruleId()).isEqualTo("mcp-session");
        assertThat(decide("tools", message("notifications/initialized", null)).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(decide("tools", message("tools/list", null)).verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void allowsACallOfAListedTool() {
        Decision decision = decide("tools", message("tools/call", "read_file"));

        assertThat(decision.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(decision.ruleId()).isEqualTo("mcp-read-tools");
    }

    @Test
    void deniesAnUnlistedToolAndNamesTheDenyRuleForADeniedOne() {
        assertThat(decide("tools", message("tools/call", "write_file")).verdict()).isEqualTo(Verdict.DENY);
        Decision denied = decide("tools", message("tools/call", "delete_repo"));
        assertThat(denied.verdict()).isEqualTo(Verdict.DENY);
        assertThat(denied.ruleId()).isEqualTo("deny-destructive-tools");
    }

    @Test
    void aToolGlobNeverAllowsAnotherMethodAndAMethodGlobNeverAToolCall() {
        assertThat(decide("tools", message("resources/read", null)).verdict()).isEqualTo(Verdict.DENY);
        assertThat(decide("tools", message("tools/call", null)).verdict())
                .as("a tools/call without a tool name").isEqualTo(Verdict.DENY);
    }

    @Test
    void anMcpConnectionWithoutTheMessagesFactsIsRefused() {
        Decision bypass = decide("tools", Operation.http("tools", "POST", "/", null));

        assertThat(bypass.verdict()).as("reached through /proxy/, around the message's inspection")
                .isEqualTo(Verdict.DENY);
    }

    @Test
    void mcpFactsOnAnotherConnectionAreRefused() {
        assertThat(decide("api", message("tools/call", "echo")).verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void aSqlArgumentIsDecidedByTheConnectionsSqlRules() {
        Operation query = message("tools/call", "query");

        assertThat(decide("tools", query.withStatement("SELECT * FROM orders WHERE id = 1")).verdict())
                .isEqualTo(Verdict.ALLOW);
        Decision drop = decide("tools", query.withStatement("SELECT 1; DROP TABLE orders"));
        assertThat(drop.verdict()).isEqualTo(Verdict.DENY);
        assertThat(drop.ruleId()).isEqualTo("mcp-sql-no-ddl");
        assertThat(decide("tools", query.withStatement("DELETE FROM orders")).verdict())
                .as("a statement no sql rule allows").isEqualTo(Verdict.DENY);
        assertThat(decide("tools", query.withStatement("   ")).verdict()).as("no statement").isEqualTo(Verdict.DENY);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"SELECT 'unterminated", "SELECT 1 /* unterminated",
            "SELECT $q$ unterminated", "SELECT \"unterminated", "SELECT E'unterminated\\'",
            "SELECT 'x'; DROP TABLE orders; SELECT 'unterminated"})
    void anUnterminatedStatementIsNeverAllowedByAKindsRuleInASqlArgumentOrOnPostgres(String sql) {
        Decision mcp = decide("tools", message("tools/call", "query").withStatement(sql));
        Decision postgres = decide("pg", Operation.sql("pg", sql));
        Decision terminated = decide("pg", Operation.sql("pg", "SELECT 'terminated'"));

        // an unparsed statement gets the policy's onUnparsed action (here the default: review), never allow
        assertThat(mcp.verdict()).as(sql).isNotEqualTo(Verdict.ALLOW);
        assertThat(postgres.verdict()).as(sql).isNotEqualTo(Verdict.ALLOW);
        assertThat(terminated.verdict()).as("the kinds rule itself allows reads").isEqualTo(Verdict.ALLOW);
    }

    private static Decision decide(String connection, Operation operation) {
        Operation on = new Operation(connection, operation.protocol(), operation.method(), operation.path(),
                operation.query(), operation.statement(), operation.headers(), null, operation.attributes());
        return EVALUATOR.decide(new DecisionRequest(CI, on));
    }

    private static Operation message(String method, String tool) {
        Map<String, String> facts = new HashMap<>(Map.of(McpFacts.METHOD, method));
        if (tool != null) {
            facts.put(McpFacts.TOOL, tool);
        }
        return new Operation("tools", Protocol.HTTP, "POST", "/", null, null, null, null, facts);
    }
}
