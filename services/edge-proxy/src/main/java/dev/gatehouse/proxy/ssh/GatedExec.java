package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.Lease;
import dev.gatehouse.model.Credential;
import dev.gatehouse.proxy.approval.ApprovalUnavailable;
import dev.gatehouse.proxy.audit.AuditNotAcknowledged;
import dev.gatehouse.proxy.masking.BodyKind;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.policy.PolicyUnavailable;
import dev.gatehouse.proxy.vault.VaultUnavailable;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * An exec request ({@code ssh gatehouse 'cmd'}): decided by the gate ({@link ExecJudge}); an allowed
 * command runs on the host with a leased credential after its REQUEST event is acknowledged, its
 * output masked on the way to the agent, and its exit status and output recorded in a RESPONSE event.
 * Anything that fails before the host is reached is a refusal (stderr, exit status 126): fail closed.
 */
final class GatedExec implements Command {

    private static final Logger log = LoggerFactory.getLogger(GatedExec.class);
    static final String EXEC = "exec";
    private static final String SHELL_SYNTAX = ";|&$`<>()\\'\"*?[]{}~#=!";

    private final SshServices services;
    private final UpstreamExec upstream;
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Thread worker;
    private volatile ChannelSession channel;

    GatedExec(SshServices services, UpstreamExec upstream, String command) {
        this.services = services;
        this.upstream = upstream;
        this.command = command;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        SshSession session = channel.getSession().getAttribute(SshSession.KEY);
        this.channel = channel;
        worker = Thread.ofVirtual().name("ssh-exec").start(() -> exit.onExit(session == null ? ExecJudge.REFUSED
                : run(session)));
    }

    private int run(SshSession session) {
        ExecJudge judge = new ExecJudge(services, session, err);
        try {
            ExecJudge.Ruling ruling = judge.judge(EXEC, command);
            if (ruling.refusal() != null) {
                return ExecJudge.REFUSED;
            }
            return runUpstream(session, judge, ruling);
        } catch (RuntimeException | java.io.IOException | java.security.GeneralSecurityException e) {
            return unavailable(judge, e);
        }
    }

    private int runUpstream(SshSession session, ExecJudge judge, ExecJudge.Ruling ruling) throws java.io.IOException,
            java.security.GeneralSecurityException {
        Lease lease = services.leases.lease(session.connection, session.id(), session.identity, session.audit.upcoming())
                .block(Duration.ofMinutes(1));
        if (lease == null || lease.credential().type() != Credential.Type.SSH_KEY) {
            judge.refuse(EXEC, command, ruling.decision(), "the connection's credential cannot be used for SSH");
            return ExecJudge.REFUSED;
        }
        session.leaseId = lease.leaseId();
        AgentForwarding.offer(services, session, channel, upstream); // first: its failure leaves no REQUEST unanswered
        if (!judge.admit(EXEC, command, ruling)) {
            return ExecJudge.REFUSED;
        }
        MaskingPlan plan = services.masking.plan(ruling.decision().masking());
        CapturedOutput captured = new CapturedOutput(services.properties.auditOutputBytes());
        MaskingOutputStream stdout = masked(out, plan, captured);
        MaskingOutputStream stderr = masked(err, plan, captured);
        long started = System.nanoTime();
        int status = 255;
        String failure = null;
        try {
            status = upstream.run(session.upstream, lease.credential(), command, in, stdout, stderr);
            stdout.close();
            stderr.close();
            return status;
        } catch (java.io.IOException | java.security.GeneralSecurityException | RuntimeException e) {
            failure = e.getClass().getSimpleName();
            throw e;
        } finally {
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            services.gate.recordAfter(services.events.response(session, EXEC, command, ruling.decision(),
                    ruling.approvalId(), captured, status, durationMs, failure));
        }
    }

    private MaskingOutputStream masked(OutputStream target, MaskingPlan plan, CapturedOutput captured) {
        return new MaskingOutputStream(target, scpTransfer(command) ? null
                : services.masking.engine().live(plan), captured);
    }

    /**
     * Legacy scp's server side ({@code scp -t path} / {@code scp -f path}, what {@code scp -O} runs), a plain
     * one-command line: decided as a command like any other, its binary stream passed through unmasked.
     */
    static boolean scpTransfer(String command) {
        if (!command.startsWith("scp ") || command.chars().anyMatch(c -> SHELL_SYNTAX.indexOf(c) >= 0 || c < 0x20)) {
            return false;
        }
        for (String word : command.split(" ")) {
            if (word.equals("-t") || word.equals("-f")) {
                return true;
            }
        }
        return false;
    }

    private int unavailable(ExecJudge judge, Throwable error) {
        String why;
        if (error instanceof PolicyUnavailable) {
            why = "Gatehouse cannot run the command now: the policy service did not answer";
        } else if (error instanceof AuditNotAcknowledged) {
            why = "Gatehouse cannot run the command now: the audit trail did not acknowledge it";
        } else if (error instanceof ApprovalUnavailable) {
            why = "Gatehouse cannot run the command now: the approval service did not answer";
        } else if (error instanceof VaultUnavailable) {
            why = "Gatehouse cannot run the command now: no credential for the connection";
        } else {
            log.warn("SSH command failed: {}", error.getClass().getSimpleName());
            why = "Gatehouse could not run the command on the host (" + error.getClass().getSimpleName() + ")";
        }
        try {
            judge.say("gatehouse: " + why);
        } catch (java.io.IOException ignored) {
            // the agent is gone; nothing to tell
        }
        return ExecJudge.REFUSED;
    }

    @Override
    public void destroy(ChannelSession channel) {
        upstream.cancel();
        Thread running = worker;
        if (running != null) {
            running.interrupt(); // a wait for review or the gate is cancelled: an open approval is withdrawn
        }
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }
}
