package dev.gatehouse.policy.shell;

import java.util.List;

/**
 * What a command line runs: every simple command in order of appearance (pipelines, lists,
 * substitutions, the scripts of {@code bash -c} and {@code eval}, what wrappers such as {@code sudo}
 * run), or why it could not be read. An unread script must never be allowed: whatever the parser
 * cannot follow a shell could still run.
 */
public record ShellScript(List<ShellCommand> commands, String unparsed) {

    public ShellScript {
        commands = commands == null ? List.of() : List.copyOf(commands);
    }

    public boolean parsed() {
        return unparsed == null;
    }

    static ShellScript failed(String reason) {
        return new ShellScript(List.of(), reason);
    }
}
