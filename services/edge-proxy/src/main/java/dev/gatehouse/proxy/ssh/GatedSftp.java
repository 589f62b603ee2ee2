package dev.gatehouse.proxy.ssh;

import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemConfigurator;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.client.fs.SftpFileSystem;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.util.Set;

/**
 * The sftp subsystem ({@code sftp}, and {@code scp}, which speaks sftp since OpenSSH 9): MINA's sftp
 * server on top of {@link UpstreamFiles}, with {@link SftpJudge} deciding each file operation before it
 * reaches the host. Extensions that would touch files past the judge (server-side copies, content
 * hashes) are answered as unsupported; a refusal's status message names the rule.
 */
final class GatedSftp extends SftpSubsystemFactory {

    /** Extensions that either touch nothing or reach the host only through a judged operation. */
    static final Set<String> EXTENSIONS = Set.of("posix-rename@openssh.com", "hardlink@openssh.com",
            "fsync@openssh.com", "statvfs@openssh.com", "fstatvfs@openssh.com", "limits@openssh.com",
            "lsetstat@openssh.com", "version-select", "space-available", "newline");

    GatedSftp(SftpJudge judge) {
        addSftpEventListener(judge);
        setErrorStatusDataHandler(new RefusalStatus());
    }

    @Override
    public Command createSubsystem(ChannelSession channel) throws IOException {
        Subsystem subsystem = new Subsystem(channel, this);
        getRegisteredListeners().forEach(subsystem::addSftpEventListener);
        return subsystem;
    }

    private static final class Subsystem extends SftpSubsystem {

        Subsystem(ChannelSession channel, SftpSubsystemConfigurator configurator) {
            super(channel, configurator);
        }

        @Override
        protected void executeExtendedCommand(Buffer buffer, int id, String extension) throws IOException {
            if (!EXTENSIONS.contains(extension)) {
                sendStatus(prepareReply(buffer), id, SftpConstants.SSH_FX_OP_UNSUPPORTED,
                        "gatehouse: the sftp extension " + extension + " is not offered");
                return;
            }
            super.executeExtendedCommand(buffer, id, extension);
        }

        /** The upstream connection ends with the channel. */
        @Override
        public void destroy(ChannelSession channel) {
            super.destroy(channel);
            FileSystem files = fileSystem;
            if (files instanceof SftpFileSystem upstream) {
                try {
                    upstream.close();
                } catch (IOException ignored) {
                    // closing the session below ends it either way
                }
                upstream.getClientSession().close(true);
            }
        }
    }

    /** A refusal is PERMISSION_DENIED with the rule as the message; anything else as MINA answers it. */
    private static final class RefusalStatus implements SftpErrorStatusDataHandler {

        @Override
        public int resolveSubStatus(SftpSubsystemEnvironment sftp, int id, Throwable e, int cmd, Object... args) {
            return e instanceof FileOperationRefused ? SftpConstants.SSH_FX_PERMISSION_DENIED
                    : SftpErrorStatusDataHandler.super.resolveSubStatus(sftp, id, e, cmd, args);
        }

        @Override
        public String resolveErrorMessage(SftpSubsystemEnvironment sftp, int id, Throwable e, int subStatus, int cmd,
                                          Object... args) {
            return e instanceof FileOperationRefused refused ? refused.getMessage()
                    : SftpErrorStatusDataHandler.super.resolveErrorMessage(sftp, id, e, subStatus, cmd, args);
        }
    }
}
