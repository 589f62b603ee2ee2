package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.shell.ShellCommand;

/**
 * One SSH unit: the request kind ({@code exec}, {@code shell}, {@code port-forward}, {@code agent-forward},
 * {@code subsystem}, {@code sftp}) and, for {@code exec}, one simple command the command line runs, or why
 * the line could not be read ({@code unparsed}); for {@code sftp} one file operation ({@code file}) on one
 * absolute, normalized {@code path} (a rename is two units, its source and its target); for the other
 * kinds {@code text} is what they name (the forward target {@code host:port}, the subsystem {@code sftp};
 * empty for a shell).
 */
record SshFacts(String kind, ShellCommand command, String text, String unparsed, String file, String path) {

    static final String EXEC = "exec";
    static final String SFTP = "sftp";

    SshFacts(String kind, ShellCommand command, String text, String unparsed) {
        this(kind, command, text, unparsed, null, null);
    }

    boolean parsed() {
        return unparsed == null;
    }
}
