package dev.gatehouse.proxy.ssh;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.fs.SftpFileSystem;

import java.io.IOException;
import java.nio.file.Path;

/** The path a file operation is decided on: the one the host will act on, not the one the agent typed. */
final class HostPath {

    private HostPath() {
    }

    /**
     * The path as the host resolves it (SSH_FXP_REALPATH, which OpenSSH answers with symlinks resolved):
     * the parent's real path and the name; with {@code follow}, the whole path's when it exists. One round
     * trip to the host per path.
     */
    static String of(Path path, boolean follow) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        if (!(absolute.getFileSystem() instanceof SftpFileSystem host)) {
            throw new FileOperationRefused(absolute.toString(), "not a path on the connection's host");
        }
        Path parent = absolute.getParent();
        try (SftpClient client = host.getClient()) {
            if (follow) {
                try {
                    return client.canonicalPath(absolute.toString());
                } catch (IOException missing) {
                    // a file about to be created: its directory decides
                }
            }
            if (parent == null || absolute.getFileName() == null) {
                return absolute.toString();
            }
            String directory = client.canonicalPath(parent.toString());
            return (directory.endsWith("/") ? directory : directory + "/") + absolute.getFileName();
        }
    }
}
