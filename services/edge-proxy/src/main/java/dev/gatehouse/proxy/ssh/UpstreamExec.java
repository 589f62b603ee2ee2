package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.Credential;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.channel.PtyCapableChannelSession;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one command on the connection's host with the vault's credential: an SSH connection of its own
 * (the host key checked against the fingerprint in the connection's upstream, {@link HostKeyPin}), a
 * public-key login with the leased private key, and with the vault's short-lived user certificate when
 * the lease carries one, then an exec channel whose streams are the agent's. Blocking: called on a
 * virtual thread per request.
 */
final class UpstreamExec {

    private final SshClient client;
    private final Duration timeout;
    private final AtomicReference<ClientChannel> running = new AtomicReference<>();
    private volatile HostLink agent;

    UpstreamExec(SshClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** Opens the channel to run on a logged-in upstream session (an exec channel, a shell with a pty). */
    interface ChannelOpener {
        ClientChannel open(ClientSession session) throws IOException;
    }

    /** The command's exit status; 255 when the host sent none (a signal, a lost connection). */
    int run(SshUpstream upstream, Credential credential, String command, InputStream in, OutputStream out,
            OutputStream err) throws IOException, GeneralSecurityException {
        return run(upstream, credential, session -> session.createExecChannel(command), in, out, err);
    }

    int run(SshUpstream upstream, Credential credential, ChannelOpener opener, InputStream in, OutputStream out,
            OutputStream err) throws IOException, GeneralSecurityException {
        try (ClientSession session = login(upstream, credential)) {
            try (ClientChannel channel = opener.open(session)) {
                HostLink forwarded = agent;
                if (forwarded != null && channel instanceof PtyCapableChannelSession withAgent) {
                    session.setAttribute(HostLink.KEY, forwarded); // before the host can open an agent channel
                    withAgent.setAgentForwarding(true);
                }
                channel.setIn(in);
                channel.setOut(out);
                channel.setErr(err);
                running.set(channel);
                channel.open().verify(timeout);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
                Integer status = channel.getExitStatus();
                return status == null ? 255 : status;
            } finally {
                running.set(null);
            }
        }
    }

    /** A logged-in session on the host: its key checked against the pin, the leased key (and certificate) offered. */
    ClientSession login(SshUpstream upstream, Credential credential) throws IOException, GeneralSecurityException {
        AttributeRepository pin = AttributeRepository.ofKeyValuePair(HostKeyPin.EXPECTED, upstream.fingerprint());
        ConnectFuture connecting = client.connect(credential.username(), upstream.host(), upstream.port(), pin);
        ClientSession session = connecting.verify(timeout).getSession();
        try {
            session.addPublicKeyIdentity(identity(credential));
            session.auth().verify(timeout);
            return session;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    /** The next command asks the host for agent forwarding, and the host's agent channels go to {@code link}. */
    void forwardAgent(HostLink link) {
        agent = link;
    }

    /** The agent went away: end the command's channel (the host sees its session close). */
    void cancel() {
        ClientChannel channel = running.get();
        if (channel != null) {
            channel.close(true);
        }
    }

    /** The leased key; with the vault's certificate as its public half when the lease has one. */
    static KeyPair identity(Credential credential) throws IOException, GeneralSecurityException {
        Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, () -> "leased key",
                new ByteArrayInputStream(credential.secret().getBytes(StandardCharsets.UTF_8)), null);
        Iterator<KeyPair> iterator = pairs == null ? null : pairs.iterator();
        if (iterator == null || !iterator.hasNext()) {
            throw new GeneralSecurityException("the lease holds no private key");
        }
        KeyPair pair = iterator.next();
        if (credential.header() == null || credential.header().isBlank()) {
            return pair;
        }
        PublicKey certificate = PublicKeyEntry.parsePublicKeyEntry(credential.header().strip()).resolvePublicKey(null,
                null, null);
        return new KeyPair(certificate, pair.getPrivate());
    }
}
