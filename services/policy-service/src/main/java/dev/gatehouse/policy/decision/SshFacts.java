package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.shell.ShellCommand;

/**
 * One SSH unit: the request kind ({@code exec}, {@code shell}, {@code port-forward}, {@code agent-forward},
 * {@code subsystem}) and, for {@code exec}, one simple command the command line runs, or why the line
 * could not be read ({@code unparsed}); for the other kinds {@code text} is what they name (the forward
 * target {@code host:port}, the subsystem {@code sftp}; empty for a shell).
 */
record SshFacts(String kind, ShellCommand command, String text, String unparsed) {

    static final String EXEC = "exec";

    boolean parsed() {
        return unparsed == null;
    }
}
