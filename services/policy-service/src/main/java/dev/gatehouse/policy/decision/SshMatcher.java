package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.document.Action;
import dev.gatehouse.policy.document.OperationMatch;
import dev.gatehouse.policy.glob.GlobSet;
import dev.gatehouse.policy.shell.ShellCommand;

import java.util.Set;

/**
 * A rule's {@code ssh} block, matched against one unit: the request kinds, and command globs over
 * each simple command as {@code name arg…} ({@code rm -rf *}, {@code systemctl restart *}). Every simple
 * command of a line is a unit, so an allow rule covers a line only when it covers each of its commands,
 * and a deny or review rule matches when any one is named. The program is matched by its base name
 * ({@code /bin/rm} is {@code rm}) for a deny or review rule; an allow rule matches a program given with
 * a directory outside the system binary directories ({@code ./ls}, {@code /tmp/x/ls}) only when a glob
 * names that path, so a look-alike program cannot borrow an allowed name. {@code files} and
 * {@code paths} match only sftp file operations (a rule naming them never matches an exec or a shell).
 */
final class SshMatcher {

    private final Set<String> requests;
    private final GlobSet commands;
    private final Set<String> files;
    private final GlobSet paths;
    private final boolean allow;

    SshMatcher(OperationMatch.Ssh ssh, Action action) {
        this.requests = Set.copyOf(ssh.requests());
        this.commands = GlobSet.compile(ssh.commands());
        this.files = Set.copyOf(ssh.files());
        this.paths = GlobSet.compile(ssh.paths());
        this.allow = action == Action.ALLOW;
    }

    String mismatch(SshFacts facts, boolean explain) {
        if (!requests.isEmpty() && !requests.contains(facts.kind())) {
            return explain ? "request " + facts.kind() + " not in " + requests : Mismatch.NO;
        }
        if (!files.isEmpty() || !paths.isEmpty()) {
            String file = fileMismatch(facts, explain);
            if (file != null) {
                return file;
            }
        }
        if (commands.isEmpty()) {
            return null;
        }
        if (!facts.parsed()) {
            return explain ? "the command line could not be read" : Mismatch.NO;
        }
        ShellCommand command = facts.command();
        boolean matches = command == null ? !facts.text().isEmpty() && commands.matches(facts.text())
                : allow ? commands.matches(command.systemProgram() ? command.line() : command.pathLine())
                : commands.matches(command.line()) || commands.matches(command.pathLine());
        if (!matches) {
            return explain ? "command " + (command == null ? facts.text() : command.line()) + " not in " + commands
                    : Mismatch.NO;
        }
        return null;
    }

    private String fileMismatch(SshFacts facts, boolean explain) {
        if (facts.file() == null) {
            return explain ? "not a file operation" : Mismatch.NO;
        }
        if (!files.isEmpty() && !files.contains(facts.file())) {
            return explain ? "file operation " + facts.file() + " not in " + files : Mismatch.NO;
        }
        if (!paths.isEmpty() && !paths.matches(facts.path())) {
            return explain ? "path " + facts.path() + " not in " + paths : Mismatch.NO;
        }
        return null;
    }
}
