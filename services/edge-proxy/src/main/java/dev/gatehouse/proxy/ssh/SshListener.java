package dev.gatehouse.proxy.ssh;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.DefaultKeyboardInteractiveAuthenticator;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.global.CancelTcpipForwardHandler;
import org.apache.sshd.server.global.TcpipForwardHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SSH listener (docs/architecture.md, "SSH"; Apache MINA SSHD): agents run the stock OpenSSH client
 * ({@code ssh -p 2222 <connection>@gatehouse 'cmd'}) with their CI token as the password. Only password
 * and keyboard-interactive logins are offered ({@link TokenLogin}); exec requests are {@link GatedExec},
 * shells {@link GatedShell}, the sftp subsystem (sftp, scp) {@link GatedSftp} with a decision per file
 * operation; a local port forward {@link GatedForward}, decided per channel and opened from the host; a remote
 * one {@link RemoteForwards}, listened for by the host; agent forwarding {@link AgentForwarding}, decided with
 * its command; X11 ({@link MinaForwarding}) and every other subsystem are refused; {@link SessionLimits} ends
 * sessions at their maximum duration or when idle and caps each caller's. The upstream side is one MINA client
 * that offers only the leased key, trusts only pinned host keys and takes back only the channels an allowed
 * forward asked for ({@link HostChannel}).
 */
@Component
@ConditionalOnProperty(prefix = "gatehouse.proxy.ssh", name = "enabled", havingValue = "true")
public class SshListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SshListener.class);

    private final SshServices services;
    private volatile SshServer server;
    private volatile SshClient client;
    private volatile HostKey hostKey;
    private volatile SessionLimits limits;

    SshListener(SshServices services) {
        this.services = services;
    }

    @Override
    public void start() {
        SshProperties properties = services.properties;
        HostKey hostKey = HostKey.load(properties.hostKey());
        SshClient upstream = upstreamClient(services);
        SessionLimits sessionLimits = new SessionLimits(properties);
        MinaForwarding mina = new MinaForwarding();
        SshServer listening = SshServer.setUpDefaultServer();
        listening.setHost(properties.bindAddress());
        listening.setPort(properties.port());
        listening.setKeyPairProvider(hostKey.provider());
        listening.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE, UserAuthKeyboardInteractiveFactory.INSTANCE));
        listening.setPasswordAuthenticator(new TokenLogin(services, sessionLimits));
        listening.setKeyboardInteractiveAuthenticator(DefaultKeyboardInteractiveAuthenticator.INSTANCE);
        listening.setPublickeyAuthenticator(null);
        listening.setCommandFactory((channel, command) -> new GatedExec(services,
                new UpstreamExec(upstream, properties.connectTimeout()), command));
        listening.setShellFactory(channel -> new GatedShell(services,
                new UpstreamExec(upstream, properties.connectTimeout())));
        // direct-tcpip (ssh -L, -W) is GatedForward's and tcpip-forward (-R) RemoteForwards', made by the host
        listening.setChannelFactories(List.of(mina.sessions(), new GatedForward.Factory(services,
                new UpstreamExec(upstream, properties.connectTimeout()))));
        listening.setGlobalRequestHandlers(globalRequests(new RemoteForwards(services,
                new UpstreamExec(upstream, properties.connectTimeout()))));
        listening.setForwardingFilter(mina);
        listening.setFileSystemFactory(new UpstreamFiles(services, new UpstreamExec(upstream,
                properties.connectTimeout())));
        listening.setSubsystemFactories(List.of(new GatedSftp(new SftpJudge(services))));
        listening.setAgentFactory(null);
        CoreModuleProperties.AUTH_TIMEOUT.set(listening, properties.loginTimeout());
        CoreModuleProperties.IDLE_TIMEOUT.set(listening, properties.idleTimeout());
        listening.setSessionDisconnectHandler(sessionLimits);
        listening.addSessionListener(new SessionEnd());
        try {
            listening.start();
        } catch (IOException e) {
            upstream.stop();
            sessionLimits.stop();
            throw new UncheckedIOException("the SSH listener could not start on port " + properties.port(), e);
        }
        client = upstream;
        limits = sessionLimits;
        server = listening;
        this.hostKey = hostKey;
        log.info("SSH listener on port {}, host key {} ({}): {}", port(), hostKey.fingerprint(), properties.hostKey(),
                hostKey.publicKey());
    }

    /** MINA's defaults with RemoteForwards first, in place of its own tcpip-forward handlers. */
    private static List<RequestHandler<ConnectionService>> globalRequests(RemoteForwards remote) {
        List<RequestHandler<ConnectionService>> handlers = new ArrayList<>(List.of(remote));
        ServerBuilder.DEFAULT_GLOBAL_REQUEST_HANDLERS.stream()
                .filter(handler -> !(handler instanceof TcpipForwardHandler || handler instanceof CancelTcpipForwardHandler))
                .forEach(handlers::add);
        return handlers;
    }

    private static SshClient upstreamClient(SshServices services) {
        SshClient upstream = SshClient.setUpDefaultClient();
        // the host may open back only what an allowed forward asked for (HostLink); nothing reaches a proxy socket
        upstream.setChannelFactories(List.of(new HostChannel.Factory(services, HostChannel.FORWARDED),
                new HostChannel.Factory(services, HostChannel.AGENT)));
        upstream.setServerKeyVerifier(new HostKeyPin());
        // Only the leased key: never ~/.ssh, an agent, or ~/.ssh/config of the proxy's own user.
        upstream.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        upstream.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        upstream.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        upstream.setAgentFactory(null);
        upstream.start();
        return upstream;
    }

    /** The bound port (the configured one, or the one picked when it is 0). */
    public int port() {
        SshServer running = server;
        return running == null ? -1 : running.getPort();
    }

    /** SSH connections open right now (logged in or not). */
    public int activeSessions() {
        SshServer running = server;
        return running == null ? 0 : running.getActiveSessions().size();
    }

    /** The client ends (address and port) of the SSH connections open right now. */
    List<java.net.SocketAddress> activeClients() {
        SshServer running = server;
        return running == null ? List.of() : running.getActiveSessions().stream()
                .map(org.apache.sshd.common.session.Session::getRemoteAddress).toList();
    }

    /** The listener's host key fingerprint as OpenSSH prints it ({@code SHA256:…}). */
    public String fingerprint() {
        return hostKey == null ? null : hostKey.fingerprint();
    }

    /** The listener's public host key as a {@code known_hosts} entry takes it ({@code ecdsa-sha2-nistp256 AAAA…}). */
    public String publicKey() {
        return hostKey == null ? null : hostKey.publicKey();
    }

    @Override
    public void stop() {
        SshServer running = server;
        if (running != null) {
            try {
                running.stop(true);
            } catch (IOException e) {
                log.warn("SSH listener did not stop cleanly: {}", e.getClass().getSimpleName());
            }
            server = null;
        }
        SshClient upstream = client;
        if (upstream != null) {
            upstream.stop();
            client = null;
        }
        SessionLimits enforcing = limits;
        if (enforcing != null) {
            enforcing.stop();
            limits = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** SESSION_ENDED for every session that logged in, and its dynamic leases ended with it. */
    private final class SessionEnd implements SessionListener {

        @Override
        public void sessionClosed(Session session) {
            SshSession ended = session.getAttribute(SshSession.KEY);
            if (ended != null) {
                SessionLimits running = limits;
                if (running != null) {
                    running.ended(ended);
                }
                ended.stopAnswering();
                ended.listens.values().forEach(RemoteListen::end);
                services.gate.recordAfter(services.events.sessionEnded(ended));
                services.leases.releaseSession(ended.id()).subscribe();
            }
        }
    }
}
