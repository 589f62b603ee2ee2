package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.Credential;
import dev.gatehouse.model.Lease;
import dev.gatehouse.proxy.masking.MaskingPlan;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;

/**
 * An interactive shell ({@code ssh -t gatehouse}): decided as a whole ({@code ssh.requests: [shell]}),
 * never per keystroke. Allowed, it runs on the host with a pty like the agent's, recorded: every line
 * typed is a REQUEST event after the fact ({@code typed=true}, best effort), the output reaches the agent
 * masked, and the session's RESPONSE carries the recording as asciicast v2 (masked, capped at
 * {@code audit-output}). Refused: stderr naming the rule, exit status 126.
 */
final class GatedShell implements Command {

    private final SshServices services;
    private final UpstreamExec upstream;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Thread worker;

    GatedShell(SshServices services, UpstreamExec upstream) {
        this.services = services;
        this.upstream = upstream;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        SshSession session = channel.getSession().getAttribute(SshSession.KEY);
        Map<String, String> vars = env.getEnv();
        worker = Thread.ofVirtual().name("ssh-shell").start(() -> exit.onExit(session == null ? ExecJudge.REFUSED
                : run(session, channel, vars)));
    }

    private int run(SshSession session, ChannelSession channel, Map<String, String> env) {
        ExecJudge judge = new ExecJudge(services, session, err);
        try {
            ExecJudge.Ruling ruling = judge.judge("shell", "");
            if (ruling.refusal() != null) {
                return ExecJudge.REFUSED;
            }
            Lease lease = services.leases.lease(session.connection, session.id(), session.identity,
                    session.audit.upcoming()).block(Duration.ofMinutes(1));
            if (lease == null || lease.credential().type() != Credential.Type.SSH_KEY) {
                judge.refuse("shell", "", ruling.decision(), "the connection's credential cannot be used for SSH");
                return ExecJudge.REFUSED;
            }
            session.leaseId = lease.leaseId();
            AgentForwarding.offer(services, session, channel, upstream); // first: its failure leaves no REQUEST unanswered
            session.requests.incrementAndGet();
            services.gate.recordRequest(services.events.request(session, "shell", "", ruling.decision(), null),
                    ruling.decision()).block(Duration.ofMinutes(1));
            return relay(session, ruling, lease.credential(), env);
        } catch (IOException | RuntimeException | java.security.GeneralSecurityException e) {
            try {
                judge.say("gatehouse: Gatehouse cannot open a shell now (" + e.getClass().getSimpleName() + ")");
            } catch (IOException ignored) {
                // the agent is gone
            }
            return ExecJudge.REFUSED;
        }
    }

    private int relay(SshSession session, ExecJudge.Ruling ruling, Credential credential, Map<String, String> env)
            throws IOException, java.security.GeneralSecurityException {
        PtyChannelConfiguration pty = new PtyChannelConfiguration();
        pty.setPtyType(env.getOrDefault(Environment.ENV_TERM, "xterm"));
        pty.setPtyColumns(number(env.get(Environment.ENV_COLUMNS), 80));
        pty.setPtyLines(number(env.get(Environment.ENV_LINES), 24));
        ShellRecording recording = new ShellRecording(pty.getPtyColumns(), pty.getPtyLines(), pty.getPtyType(),
                services.properties.auditOutputBytes());
        MaskingPlan plan = services.masking.plan(ruling.decision().masking());
        RecordingOutputStream screen = new RecordingOutputStream(out,
                services.masking.engine().live(plan), recording);
        InputStream typed = new TypedLines(in, line -> services.gate.recordAfter(
                services.events.typed(session, line, ruling.decision())));
        long started = System.nanoTime();
        int status = 255;
        String failure = null;
        try {
            status = upstream.run(session.upstream, credential, s -> s.createShellChannel(pty, Map.of()), typed,
                    screen, screen);
            screen.close();
            return status;
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            failure = e.getClass().getSimpleName();
            throw e;
        } finally {
            services.gate.recordAfter(services.events.shellEnded(session, ruling.decision(), recording, status,
                    (System.nanoTime() - started) / 1_000_000, failure));
        }
    }

    private static int number(String value, int fallback) {
        try {
            return value == null ? fallback : Math.max(1, Math.min(1000, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        upstream.cancel();
        Thread running = worker;
        if (running != null) {
            running.interrupt();
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
