package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.Credential;
import dev.gatehouse.model.Lease;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.sftp.client.SftpClientFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * The file system an sftp subsystem channel works on: the host's own files, over an sftp channel of a
 * fresh upstream SSH connection made with the leased credential (the host key pinned as for a command).
 * Every operation the agent sends is decided before it reaches this file system ({@link SftpJudge}).
 * Nothing is decided here: a connection whose lease cannot be had is refused (the subsystem request fails).
 */
final class UpstreamFiles implements FileSystemFactory {

    private final SshServices services;
    private final UpstreamExec upstream;

    UpstreamFiles(SshServices services, UpstreamExec upstream) {
        this.services = services;
        this.upstream = upstream;
    }

    @Override
    public Path getUserHomeDir(SessionContext context) {
        return null; // the host's home directory: the sftp file system's default directory
    }

    @Override
    public FileSystem createFileSystem(SessionContext context) throws IOException {
        SshSession session = context.getAttribute(SshSession.KEY);
        if (session == null) {
            throw new AccessDeniedException("not logged in");
        }
        Lease lease = services.leases.lease(session.connection, session.id(), session.identity, session.audit.upcoming())
                .block(Duration.ofMinutes(1));
        if (lease == null || lease.credential().type() != Credential.Type.SSH_KEY) {
            throw new AccessDeniedException("the connection's credential cannot be used for SSH");
        }
        session.leaseId = lease.leaseId();
        ClientSession host;
        try {
            host = upstream.login(session.upstream, lease.credential());
        } catch (GeneralSecurityException e) {
            throw new AccessDeniedException("the leased credential was refused: " + e.getClass().getSimpleName());
        }
        try {
            return SftpClientFactory.instance().createSftpFileSystem(host);
        } catch (IOException | RuntimeException e) {
            host.close(true);
            throw e;
        }
    }
}
