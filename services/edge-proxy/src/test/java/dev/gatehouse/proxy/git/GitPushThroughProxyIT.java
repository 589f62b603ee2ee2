package dev.gatehouse.proxy.git;

import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import dev.gatehouse.proxy.support.StubHttpServer;
import dev.gatehouse.testkit.GitHttpBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real git client pushes through the real proxy to a real git http-backend: the push lands with
 * the vault's credential, and the policy was asked with the push's ref updates.
 */
class GitPushThroughProxyIT extends ProxyIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REPOSITORY = "acme/app.git";
    private static final String ZERO = "0".repeat(40);

    private static GitHttpBackend backend;

    @BeforeAll
    static void startGitServer() {
        backend = new GitHttpBackend();
        backend.createBareRepository(REPOSITORY);
    }

    @AfterAll
    static void stopGitServer() {
        backend.close();
    }

    @BeforeEach
    void allowGitToTheBackend() {
        POLICY.respond(200, "{\"verdict\":\"ALLOW\",\"ruleId\":\"rule-git\",\"audit\":\"WRITE_AHEAD\",\"target\":"
                + "{\"name\":\"git-demo\",\"protocol\":\"GIT\",\"upstream\":\"" + backend.url() + "\"}}");
    }

    @Test
    void pushesAndDeletesABranchWithTheVaultCredentialAndTellsThePolicyWhichRefs(@TempDir Path work) {
        // Given a clone made through the proxy with the agent's token
        String token = agentToken();
        String url = "http://127.0.0.1:" + port + "/proxy/git-demo/" + REPOSITORY;
        String auth = "http.extraHeader=Authorization: Bearer " + token;
        backend.git(work, "-c", auth, "clone", "--quiet", url, "app");
        Path clone = work.resolve("app");
        commit(clone);
        String commit = backend.git(clone, "rev-parse", "HEAD").strip();

        // When the agent pushes a new branch through the proxy
        backend.git(clone, "-c", auth, "push", "--quiet", "origin", "HEAD:refs/heads/agent-feature");

        // Then it landed, the backend saw the vault's credential and never the agent's token
        assertThat(backend.refs(REPOSITORY)).containsEntry("refs/heads/agent-feature", commit);
        assertThat(backend.lastAuthorization()).isEqualTo("Bearer " + VAULT_SECRET);
        assertThat(backend.received()).allSatisfy(request -> assertThat(request.authorization()).doesNotContain(token));
        // and the policy decided on the push's ref update (needs ProxyRequestFilter to read REF_UPDATES)
        assertThat(refUpdatesOfLastPush()).singleElement().satisfies(update -> {
            assertThat(update.path("ref").asString()).isEqualTo("refs/heads/agent-feature");
            assertThat(update.path("oldId").asString()).isEqualTo(ZERO);
            assertThat(update.path("newId").asString()).isEqualTo(commit);
        });

        // When the agent deletes the branch
        backend.git(clone, "-c", auth, "push", "--quiet", "origin", ":refs/heads/agent-feature");

        // Then it is gone, and the policy saw a delete
        assertThat(backend.refs(REPOSITORY)).doesNotContainKey("refs/heads/agent-feature");
        assertThat(refUpdatesOfLastPush()).singleElement().satisfies(update -> {
            assertThat(update.path("ref").asString()).isEqualTo("refs/heads/agent-feature");
            assertThat(update.path("oldId").asString()).isEqualTo(commit);
            assertThat(update.path("newId").asString()).isEqualTo(ZERO);
        });
    }

    private static void commit(Path clone) {
        try {
            Files.writeString(clone.resolve("agent.txt"), "written by an agent\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        backend.git(clone, "add", "agent.txt");
        backend.git(clone, "-c", "user.name=Agent", "-c", "user.email=agent@example.com", "commit", "--quiet", "-m",
                "agent change");
    }

    private static List<JsonNode> refUpdatesOfLastPush() {
        StubHttpServer.Received decision = POLICY.received().stream()
                .filter(request -> request.path().equals("/api/v1/decisions"))
                .filter(request -> request.body().contains("/git-receive-pack"))
                .reduce((first, second) -> second).orElseThrow();
        JsonNode operation = JSON.readTree(decision.body()).path("operation");
        assertThat(operation.path("path").asString()).isEqualTo("/" + REPOSITORY + "/git-receive-pack");
        List<JsonNode> updates = new java.util.ArrayList<>();
        operation.path("refUpdates").forEach(updates::add);
        return updates;
    }
}
