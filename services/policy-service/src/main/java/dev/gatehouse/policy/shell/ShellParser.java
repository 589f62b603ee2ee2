package dev.gatehouse.policy.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an SSH exec request's command line into the simple commands a POSIX shell or bash would run
 * (docs: policy-service README, "SSH commands"). Pure and thread-safe; cost is one pass over the text
 * per nesting level, no regular expressions on the hot path.
 */
public final class ShellParser {

    private ShellParser() {
    }

    public static ShellScript parse(String commandLine) {
        if (commandLine == null || commandLine.isBlank()) {
            return ShellScript.failed("no command");
        }
        List<ShellCommand> commands = new ArrayList<>();
        try {
            ShellReader.read(commandLine, 0, commands);
        } catch (ShellUnreadable e) {
            return ShellScript.failed(e.getMessage());
        }
        if (commands.isEmpty()) {
            return ShellScript.failed("no command");
        }
        return new ShellScript(commands, null);
    }
}
