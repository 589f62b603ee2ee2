package dev.gatehouse.approval.request;

import dev.gatehouse.model.CallerIdentity;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The self-approval rule: same identity, or same CI run. */
class ActorTests {

    private static final CallerIdentity GITHUB_RUN = new CallerIdentity("https://token.actions.githubusercontent.com",
            "repo:acme/app:ref:refs/heads/main", Map.of("repository", "acme/app", "run_id", "4711"));

    @Test
    void theSameIssuerAndSubjectIsTheRequester() {
        assertThat(actor(GITHUB_RUN.issuer(), GITHUB_RUN.subject(), Map.of()).isRequesterOf(GITHUB_RUN)).isTrue();
    }

    @Test
    void theSameSubjectFromAnotherIssuerIsNot() {
        assertThat(actor("https://idp", GITHUB_RUN.subject(), Map.of()).isRequesterOf(GITHUB_RUN)).isFalse();
    }

    @Test
    void anyTokenOfTheSameGithubRunIsTheRequester() {
        assertThat(actor("https://idp", "bot", Map.of("repository", "acme/app", "run_id", "4711"))
                .isRequesterOf(GITHUB_RUN)).isTrue();
        assertThat(actor("https://idp", "bot", Map.of("repository", "acme/app", "run_id", "4712"))
                .isRequesterOf(GITHUB_RUN)).isFalse();
        assertThat(actor("https://idp", "bot", Map.of("repository", "acme/other", "run_id", "4711"))
                .isRequesterOf(GITHUB_RUN)).isFalse();
    }

    @Test
    void anyTokenOfTheSameGitlabPipelineIsTheRequester() {
        CallerIdentity pipeline = new CallerIdentity("https://gitlab.example", "project_path:acme/app:ref_type:branch",
                Map.of("project_path", "acme/app", "pipeline_id", "99"));

        assertThat(actor("https://idp", "bot", Map.of("project_path", "acme/app", "pipeline_id", "99"))
                .isRequesterOf(pipeline)).isTrue();
    }

    @Test
    void missingRunClaimsNeverMatch() {
        CallerIdentity noClaims = new CallerIdentity("https://ci", "job", Map.of());

        assertThat(actor("https://idp", "rita", Map.of()).isRequesterOf(noClaims)).isFalse();
    }

    private static Actor actor(String issuer, String subject, Map<String, Object> claims) {
        return new Actor(new CallerIdentity(issuer, subject, claims), Set.of("gatehouse-reviewer"));
    }
}
