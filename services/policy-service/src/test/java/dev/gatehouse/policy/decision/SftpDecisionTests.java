package dev.gatehouse.policy.decision;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sftp/scp file operations against {@code decision/ssh-policy.yaml}: /srv/data is read-only, /srv/upload
 * open, reading allowed anywhere. A change reaching /srv/data by any path shape is never allowed.
 */
class SftpDecisionTests {

    private static final PolicyEvaluator POLICY = TestPolicies.evaluator("decision/ssh-policy.yaml");
    private static final CallerIdentity CI = new CallerIdentity("https://token.actions.githubusercontent.com",
            "repo:acme/app:ref:refs/heads/main", Map.of("repository", "acme/app"));

    private static Decision file(String operation, String path, String to) {
        return POLICY.decide(new DecisionRequest(CI, Operation.sftp("web-1", operation, path, to)));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "remove, /srv/data/keep.txt, null", "rmdir, /srv/data, null", "write, /srv/data/keep.txt, null",
            "setstat, /srv/data/keep.txt, null", "mkdir, /srv/data/new, null",
            "rename, /srv/data/keep.txt, /srv/upload/stolen.txt", "rename, /srv/upload/x, /srv/data/keep.txt",
            "link, /srv/upload/l, /srv/data/keep.txt",
            "remove, /srv/upload/../data/keep.txt, null", "remove, /srv/upload/./x, null", "remove, srv/data/x, null",
            "remove, //srv/data/x, null", "remove, /srv/upload/, null", "write, /etc/passwd, null",
            "remove, null, null", "chmod, /srv/upload/x, null"})
    void aChangeOutsideTheUploadAreaIsNeverAllowed(String operation, String path, String to) {
        Decision decision = file(operation, path, to);

        assertThat(decision.verdict()).as("%s %s %s -> %s (%s)", operation, path, to, decision.ruleId(),
                decision.reason()).isEqualTo(Verdict.DENY);
    }

    @Test
    void aDeniedRemoveNamesTheRule() {
        Decision decision = file("remove", "/srv/data/keep.txt", null);

        assertThat(decision.ruleId()).isEqualTo("data-is-read-only");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"read, /srv/data/keep.txt, null", "list, /srv/data, null",
            "write, /srv/upload/app.tar, null", "remove, /srv/upload/old.tar, null",
            "rename, /srv/upload/a, /srv/upload/b", "mkdir, /srv/upload/new, null"})
    void readsAndUploadsAreAllowed(String operation, String path, String to) {
        Decision decision = file(operation, path, to);

        assertThat(decision.verdict()).as("%s %s -> %s (%s)", operation, path, decision.ruleId(), decision.reason())
                .isEqualTo(Verdict.ALLOW);
    }

    @Test
    void fileRulesNeverCoverACommand() {
        // read-files names no command: an exec of cat is decided by the command rules only
        assertThat(POLICY.decide(new DecisionRequest(CI, Operation.ssh("web-1", "exec", "rm /srv/upload/x")))
                .verdict()).isEqualTo(Verdict.DENY);
        assertThat(POLICY.decide(new DecisionRequest(CI, Operation.ssh("web-1", "exec", "touch /srv/upload/x")))
                .verdict()).isEqualTo(Verdict.DENY);
    }
}
