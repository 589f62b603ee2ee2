package dev.gatehouse.proxy.ssh;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An interactive shell ({@code ssh -t gatehouse}): decided as a whole ({@code ssh.requests: [shell]}).
 * A denied shell names the rule; an allowed one is refused too for now, since a shell is only allowed
 * together with its recording, which this version does not have yet. Either way exit status 126.
 */
final class GatedShell implements Command {

    private final SshServices services;
    private OutputStream err;
    private ExitCallback exit;

    GatedShell(SshServices services) {
        this.services = services;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        SshSession session = channel.getSession().getAttribute(SshSession.KEY);
        Thread.ofVirtual().name("ssh-shell").start(() -> exit.onExit(session == null ? ExecJudge.REFUSED : run(session)));
    }

    private int run(SshSession session) {
        ExecJudge judge = new ExecJudge(services, session, err);
        try {
            ExecJudge.Ruling ruling = judge.judge("shell", "");
            if (ruling.refusal() == null) {
                judge.refuse("shell", "", ruling.decision(), "interactive shells are not available through this "
                        + "Gatehouse yet (they need session recording): run commands with ssh … 'command'");
            }
        } catch (IOException | RuntimeException e) {
            try {
                judge.say("gatehouse: Gatehouse cannot open a shell now");
            } catch (IOException ignored) {
                // the agent is gone
            }
        }
        return ExecJudge.REFUSED;
    }

    @Override
    public void destroy(ChannelSession channel) {
        // nothing runs upstream
    }

    @Override
    public void setInputStream(InputStream in) {
        // a refused shell reads nothing
    }

    @Override
    public void setOutputStream(OutputStream out) {
        // all it says goes to stderr
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
