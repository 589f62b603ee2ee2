package dev.gatehouse.proxy.ssh;

import java.nio.file.AccessDeniedException;

/**
 * A file operation the gate did not let through: its message (the rule, or why) is the SFTP status
 * message the agent gets with {@code SSH_FX_PERMISSION_DENIED}; the host never saw the operation.
 */
final class FileOperationRefused extends AccessDeniedException {

    FileOperationRefused(String path, String why) {
        super(path, null, why);
    }

    @Override
    public String getMessage() {
        return "gatehouse: " + getReason();
    }
}
