package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.Operation;
import dev.gatehouse.proxy.approval.ApprovalFingerprint;
import dev.gatehouse.proxy.approval.ApprovalUnavailable;
import dev.gatehouse.proxy.audit.AuditNotAcknowledged;
import dev.gatehouse.proxy.gate.ApprovalRefused;
import dev.gatehouse.proxy.policy.PolicyUnavailable;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.CopyOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Decides every sftp file operation before MINA's sftp server performs it on the host (docs/architecture.md
 * §6a): an open for reading ({@code read}), for writing, appending, creating or truncating ({@code write}),
 * a directory listing ({@code list}), {@code remove}, {@code rmdir}, {@code mkdir}, {@code rename},
 * {@code setstat}, {@code link}. The path the policy sees is the host's real one: the parent directory is
 * resolved on the host (and the file itself when the operation follows it), so a symlink into a protected
 * directory does not move an operation past a path rule. Allowed: a write-ahead REQUEST, then the operation;
 * a handle's RESPONSE when it closes (bytes, SHA-256 of sequential content), the others' right after.
 * Refused: a DECISION event and {@link FileOperationRefused}, which the agent gets as PERMISSION_DENIED
 * naming the rule. Blocking: runs on the subsystem's own thread.
 */
final class SftpJudge implements SftpEventListener {

    static final String SFTP = "sftp";
    private static final Set<StandardOpenOption> WRITING = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING);

    private final SshServices services;
    /** The operation between its "-ing" and "-ed" callbacks: each sftp channel runs on a thread of its own. */
    private final ThreadLocal<FileTransfer> pending = new ThreadLocal<>();

    SftpJudge(SshServices services) {
        this.services = services;
    }

    @Override
    public void opening(ServerSession server, String remoteHandle, Handle handle) throws IOException {
        String operation = handle instanceof DirectoryHandle ? "list"
                : handle instanceof FileHandle file && file.getOpenOptions().stream().anyMatch(WRITING::contains)
                ? "write" : "read";
        FileTransfer transfer = decide(server, operation, handle.getFile(), null, true);
        handle.setAttribute(FileTransfer.KEY, transfer);
    }

    @Override
    public void read(ServerSession server, String remoteHandle, FileHandle handle, long offset, byte[] data,
                     int dataOffset, int dataLen, int readLen, Throwable thrown) {
        FileTransfer transfer = handle.getAttribute(FileTransfer.KEY);
        if (transfer != null && thrown == null && readLen > 0) {
            transfer.add(offset, data, dataOffset, readLen);
        }
    }

    @Override
    public void written(ServerSession server, String remoteHandle, FileHandle handle, long offset, byte[] data,
                        int dataOffset, int dataLen, Throwable thrown) {
        FileTransfer transfer = handle.getAttribute(FileTransfer.KEY);
        if (transfer != null && thrown == null) {
            transfer.add(offset, data, dataOffset, dataLen);
        }
    }

    @Override
    public void closed(ServerSession server, String remoteHandle, Handle handle, Throwable thrown) {
        FileTransfer transfer = handle.getAttribute(FileTransfer.KEY);
        if (transfer != null) {
            done(transfer, thrown);
        }
    }

    @Override
    public void removing(ServerSession server, Path path, boolean directory) throws IOException {
        pending.set(decide(server, directory ? "rmdir" : "remove", path, null, false));
    }

    @Override
    public void removed(ServerSession server, Path path, boolean directory, Throwable thrown) {
        donePending(thrown);
    }

    @Override
    public void moving(ServerSession server, Path source, Path target, Collection<CopyOption> options)
            throws IOException {
        pending.set(decide(server, "rename", source, target, false));
    }

    @Override
    public void moved(ServerSession server, Path source, Path target, Collection<CopyOption> options,
                      Throwable thrown) {
        donePending(thrown);
    }

    @Override
    public void creating(ServerSession server, Path path, Map<String, ?> attributes) throws IOException {
        pending.set(decide(server, "mkdir", path, null, false));
    }

    @Override
    public void created(ServerSession server, Path path, Map<String, ?> attributes, Throwable thrown) {
        donePending(thrown);
    }

    @Override
    public void linking(ServerSession server, Path source, Path target, boolean symbolic) throws IOException {
        pending.set(decide(server, "link", source, target, false));
    }

    @Override
    public void linked(ServerSession server, Path source, Path target, boolean symbolic, Throwable thrown) {
        donePending(thrown);
    }

    @Override
    public void modifyingAttributes(ServerSession server, Path path, Map<String, ?> attributes) throws IOException {
        pending.set(decide(server, "setstat", path, null, true));
    }

    @Override
    public void modifiedAttributes(ServerSession server, Path path, Map<String, ?> attributes, Throwable thrown) {
        donePending(thrown);
    }

    private void donePending(Throwable thrown) {
        FileTransfer transfer = pending.get();
        pending.remove();
        if (transfer != null) {
            done(transfer, thrown);
        }
    }

    private FileTransfer decide(ServerSession server, String operation, Path path, Path target, boolean follow)
            throws IOException {
        try {
            return decideOrFail(server, operation, path, target, follow);
        } catch (RuntimeException e) {
            // fail closed with a message of our own: the operation never reaches the host
            throw new FileOperationRefused(String.valueOf(path), unavailable(e));
        }
    }

    static String unavailable(RuntimeException error) {
        if (error instanceof PolicyUnavailable) {
            return "Gatehouse cannot run the operation now: the policy service did not answer";
        }
        if (error instanceof AuditNotAcknowledged) {
            return "Gatehouse cannot run the operation now: the audit trail did not acknowledge it";
        }
        if (error instanceof ApprovalUnavailable) {
            return "Gatehouse cannot run the operation now: the approval service did not answer";
        }
        return "Gatehouse could not decide the operation (" + error.getClass().getSimpleName() + ")";
    }

    private FileTransfer decideOrFail(ServerSession server, String operation, Path path, Path target, boolean follow)
            throws IOException {
        SshSession session = server.getAttribute(SshSession.KEY);
        if (session == null) {
            throw new FileOperationRefused(String.valueOf(path), "not logged in");
        }
        String real = HostPath.of(path, follow);
        String realTarget = target == null ? null : HostPath.of(target, false);
        String text = operation + " " + real + (realTarget == null ? "" : " " + realTarget);
        ExecJudge judge = new ExecJudge(services, session, OutputStream.nullOutputStream());
        ExecJudge.Ruling ruling = judge.judge(SFTP, text, Operation.sftp(session.connection, operation, real,
                realTarget));
        if (ruling.refusal() != null) {
            throw new FileOperationRefused(real, ruling.refusal());
        }
        session.requests.incrementAndGet();
        AuditEvent request = services.events.request(session, SFTP, text, ruling.decision(), ruling.approvalId());
        if (ruling.approvalId() == null) {
            services.gate.recordRequest(request, ruling.decision()).block(Duration.ofMinutes(1));
        } else {
            try {
                services.gate.runApproved(request, ruling.approvalId(), ApprovalFingerprint.ssh(session.connection,
                        SFTP, text), session.identity, session.audit).block(Duration.ofMinutes(1));
            } catch (ApprovalRefused e) {
                String why = ExecJudge.refusal(e.refusal(), ruling.decision().ruleId());
                judge.refuse(SFTP, text, ruling.decision(), why);
                throw new FileOperationRefused(real, why);
            }
        }
        return new FileTransfer(session, text, ruling);
    }

    private void done(FileTransfer transfer, Throwable failure) {
        services.gate.recordAfter(services.events.fileDone(transfer.session, transfer.text,
                transfer.ruling.decision(), transfer.ruling.approvalId(), transfer.facts(failure)));
    }
}
