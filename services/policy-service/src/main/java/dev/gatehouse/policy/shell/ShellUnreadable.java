package dev.gatehouse.policy.shell;

/** The parser met something it cannot follow; the script is then unparsed (fail closed). */
final class ShellUnreadable extends RuntimeException {

    ShellUnreadable(String reason) {
        super(reason, null, false, false);
    }
}
