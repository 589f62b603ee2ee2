package dev.gatehouse.policy.decision;

import dev.gatehouse.model.Operation;
import dev.gatehouse.policy.shell.ShellCommand;
import dev.gatehouse.policy.shell.ShellParser;
import dev.gatehouse.policy.shell.ShellScript;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An SSH request's units: an exec request is one unit per simple command its command line runs (read
 * by {@link ShellParser}); a line it cannot read is one unparsed unit, which the policy's
 * {@code onUnparsed} decides (never allow). An sftp file operation is one unit per path it touches (the
 * operation in {@code statement}, the path in {@code path}, a rename's target in the attribute
 * {@value #RENAME_TARGET}). The other requests are one unit each; one whose text holds a control character is
 * refused.
 */
final class SshUnits {

    static final Set<String> KINDS = Set.of("exec", "shell", "port-forward", "agent-forward", "subsystem", "sftp");
    static final Set<String> FILE_OPERATIONS = Set.of("read", "write", "list", "remove", "rmdir", "mkdir", "rename",
            "setstat", "link");
    static final String RENAME_TARGET = "to";

    private SshUnits() {
    }

    static Units.Result of(Operation operation) {
        String kind = operation.method();
        String text = operation.statement();
        if (kind == null || !KINDS.contains(kind)) {
            return new Units.Result(List.of(), "unknown SSH request " + kind);
        }
        if (SshFacts.SFTP.equals(kind)) {
            return files(text, operation.path(), operation.attributes().get(RENAME_TARGET));
        }
        if (!SshFacts.EXEC.equals(kind)) {
            String statement = text == null ? "" : text;
            if (statement.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                // a glob's * would read past a line break: "listen 127.0.0.1:1\nlisten *:22" is not loopback
                return new Units.Result(List.of(), "the " + kind + " request holds control characters");
            }
            return new Units.Result(List.of(Unit.ssh(kind, new SshFacts(kind, null, statement, null))), null);
        }
        return exec(text);
    }

    /**
     * The units of a command line: one per simple command it runs, or one unparsed unit. Also an MCP tool
     * call's shell arguments ({@code settings.shellArguments}), so they are read exactly as an SSH exec.
     */
    static Units.Result exec(String text) {
        String kind = SshFacts.EXEC;
        ShellScript script = ShellParser.parse(text == null ? "" : text);
        if (!script.parsed()) {
            return new Units.Result(List.of(Unit.ssh("command line", new SshFacts(kind, null, "", script.unparsed()))),
                    null);
        }
        List<Unit> units = new ArrayList<>(script.commands().size());
        for (int i = 0; i < script.commands().size(); i++) {
            ShellCommand command = script.commands().get(i);
            units.add(Unit.ssh("command " + (i + 1) + " (" + command.name() + ")",
                    new SshFacts(kind, command, "", null)));
        }
        return new Units.Result(units, null);
    }

    /** A file operation names known operations and absolute, normalized paths only: anything else is refused. */
    private static Units.Result files(String operation, String path, String target) {
        if (operation == null || !FILE_OPERATIONS.contains(operation)) {
            return new Units.Result(List.of(), "unknown file operation " + operation);
        }
        List<String> paths = "rename".equals(operation) || "link".equals(operation) ? List.of(nonNull(path),
                nonNull(target)) : List.of(nonNull(path));
        List<Unit> units = new ArrayList<>(paths.size());
        for (String each : paths) {
            if (!normalized(each)) {
                return new Units.Result(List.of(), "the file path is not absolute and normalized");
            }
            units.add(Unit.ssh(operation + " " + each, new SshFacts(SshFacts.SFTP, null, "", null, operation, each)));
        }
        return new Units.Result(units, null);
    }

    private static String nonNull(String path) {
        return path == null ? "" : path;
    }

    /** Absolute, no empty, {@code .} or {@code ..} segment, no trailing slash but the root, no control characters. */
    static boolean normalized(String path) {
        if (!path.startsWith("/")) {
            return false;
        }
        if (path.equals("/")) {
            return true;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return path.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
