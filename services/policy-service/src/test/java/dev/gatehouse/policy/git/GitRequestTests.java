package dev.gatehouse.policy.git;

import dev.gatehouse.model.GitRefUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GitRequestTests {

    private static final List<GitRefUpdate> PUSH = List.of(new GitRefUpdate("refs/heads/feature",
            "0".repeat(40), "a".repeat(40)));

    @ParameterizedTest(name = "{0} {1}?{2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET  | /acme/app.git/info/refs      | service=git-upload-pack            | UPLOAD_PACK  | ADVERTISEMENT | acme/app.git
            GET  | /acme/app/info/refs          | service=git-receive-pack           | RECEIVE_PACK | ADVERTISEMENT | acme/app
            GET  | /app.git/info/refs           | x=1&service=git-upload-pack&y=2    | UPLOAD_PACK  | ADVERTISEMENT | app.git
            GET  | /app.git/info/refs           | service=git%2Dupload-pack          | UPLOAD_PACK  | ADVERTISEMENT | app.git
            POST | /acme/app.git/git-upload-pack  | -                                | UPLOAD_PACK  | RPC           | acme/app.git
            POST | /acme/app.git/git-receive-pack | -                                | RECEIVE_PACK | RPC           | acme/app.git
            POST | /group/sub/app/git-receive-pack | -                               | RECEIVE_PACK | RPC           | group/sub/app
            POST | /%61cme/app.git/git-receive-pack | -                              | RECEIVE_PACK | RPC           | acme/app.git
            POST | /acme/c++.git/git-receive-pack | -                                | RECEIVE_PACK | RPC           | acme/c++.git
            """)
    void readsSmartHttpRequests(String method, String path, String query, GitRequest.Service service,
                                GitRequest.Phase phase, String repository) {
        GitRequest request = GitRequest.parse(method, path, query, List.of()).orElseThrow();

        assertThat(request.service()).isEqualTo(service);
        assertThat(request.phase()).isEqualTo(phase);
        assertThat(request.repository()).isEqualTo(repository);
    }

    @ParameterizedTest(name = "{0} {1}?{2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET  | /app.git/info/refs              | -
            GET  | /app.git/info/refs              | service=git-upload-archive
            GET  | /app.git/info/refs              | service=git-upload-pack&service=git-receive-pack
            GET  | /app.git/info/refs              | service=%zz
            GET  | /app.git/HEAD                   | -
            GET  | /app.git/objects/info/packs     | -
            GET  | /app.git/objects/ab/cdef0123    | -
            POST | /app.git/info/refs              | service=git-upload-pack
            GET  | /app.git/git-upload-pack        | -
            PUT  | /app.git/git-receive-pack       | -
            POST | /git-receive-pack               | -
            POST | //git-receive-pack              | -
            POST | /a//b/git-receive-pack          | -
            POST | /a/../b/git-receive-pack        | -
            POST | /app.git/git-receive-pack/x     | -
            POST | /a%2Fb/git-receive-pack         | -
            POST | /%2e%2e/git-receive-pack        | -
            POST | /a%0a/git-receive-pack          | -
            POST | /a%zz/git-receive-pack          | -
            GET  | /info/refs                      | service=git-upload-pack
            """)
    void ignoresEverythingElse(String method, String path, String query) {
        assertThat(GitRequest.parse(method, path, query, PUSH)).isEmpty();
    }

    @Test
    void keepsTheRefUpdatesOfAPushOnly() {
        GitRequest push = GitRequest.parse("POST", "/app.git/git-receive-pack", null, PUSH).orElseThrow();
        GitRequest fetch = GitRequest.parse("POST", "/app.git/git-upload-pack", null, PUSH).orElseThrow();

        assertThat(push.refUpdates()).isEqualTo(PUSH);
        assertThat(fetch.refUpdates()).isEmpty();
    }
}
