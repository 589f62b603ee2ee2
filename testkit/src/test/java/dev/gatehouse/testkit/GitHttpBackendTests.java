package dev.gatehouse.testkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GitHttpBackendTests {

    private static GitHttpBackend backend;

    @BeforeAll
    static void start() {
        backend = new GitHttpBackend();
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void servesCloneAndPushToTheRealGitClient(@TempDir Path work) throws Exception {
        // Given a bare repository with one commit on main
        backend.createBareRepository("acme/app.git");
        String mainId = backend.refs("acme/app.git").get("refs/heads/main");
        assertThat(mainId).matches("[0-9a-f]{40}");

        // When the real git client clones it over HTTP, commits and pushes a new branch
        String url = backend.url() + "/acme/app.git";
        backend.git(work, "-c", "http.extraHeader=Authorization: Bearer test-credential", "clone", "--quiet", url, "app");
        Path clone = work.resolve("app");
        Files.writeString(clone.resolve("change.txt"), "change\n");
        backend.git(clone, "add", "change.txt");
        backend.git(clone, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "change");
        backend.git(clone, "-c", "http.extraHeader=Authorization: Bearer test-credential", "push", "--quiet", "origin",
                "HEAD:refs/heads/feature");

        // Then the branch landed, and the backend saw the client's Authorization header
        Map<String, String> refs = backend.refs("acme/app.git");
        assertThat(refs).containsEntry("refs/heads/main", mainId).containsKey("refs/heads/feature");
        assertThat(refs.get("refs/heads/feature")).isEqualTo(backend.git(clone, "rev-parse", "HEAD").strip());
        assertThat(backend.lastAuthorization()).isEqualTo("Bearer test-credential");
        assertThat(backend.received()).anySatisfy(request ->
                assertThat(request.path()).isEqualTo("/acme/app.git/git-receive-pack"));

        // And deleting the branch works too
        backend.git(clone, "push", "--quiet", "origin", ":refs/heads/feature");
        assertThat(backend.refs("acme/app.git")).doesNotContainKey("refs/heads/feature");
    }
}
