package dev.gatehouse.cli;

import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Ends the job's session on this machine: deletes the token and every config {@code env} wrote (they hold
 * the token), keeping only the remembered log key and checkpoint for later fork checks. Gatehouse's upstream
 * credentials are the vault's short leases, never in the job; there is no caller-facing revoke call.
 */
@Command(name = "logout", description = "Delete the token and the configs gatehouse env wrote.")
final class LogoutCommand implements Callable<Integer> {

    private static final java.util.Set<String> KEPT = java.util.Set.of("log-key", "checkpoint.note", "session.json");

    private final Context context;

    LogoutCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        Path home = new State(context).home();
        if (!Files.isDirectory(home)) {
            return 0;
        }
        int deleted = 0;
        try (Stream<Path> files = Files.list(home)) {
            for (Path file : files.toList()) {
                if (!KEPT.contains(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                    deleted++;
                }
            }
        }
        context.out().println("logged out: deleted " + deleted + " files holding the token from " + home);
        return 0;
    }
}
