package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.shell.ShellCommand;
import dev.gatehouse.policy.shell.ShellParser;
import dev.gatehouse.policy.shell.ShellScript;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An SSH request's units: an exec request is one unit per simple command its command line runs (read
 * by {@link ShellParser}); a line it cannot read is one unparsed unit, which the policy's
 * {@code onUnparsed} decides (never allow). The other requests are one unit each.
 */
final class SshUnits {

    static final Set<String> KINDS = Set.of("exec", "shell", "port-forward", "agent-forward", "subsystem");

    private SshUnits() {
    }

    static Units.Result of(String kind, String text) {
        if (kind == null || !KINDS.contains(kind)) {
            return new Units.Result(List.of(), "unknown SSH request " + kind);
        }
        if (!SshFacts.EXEC.equals(kind)) {
            return new Units.Result(List.of(Unit.ssh(kind, new SshFacts(kind, null, text == null ? "" : text, null))),
                    null);
        }
        ShellScript script = ShellParser.parse(text);
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
}
