package dev.gatehouse.cli;

/** Ends a command with a message for the user and an exit code. */
final class CliFailure extends RuntimeException {

    static final int ERROR = 1;
    static final int USAGE = 2;
    static final int REJECTED = 3;
    static final int NOT_APPROVED = 4;

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliFailure error(String message) {
        return new CliFailure(ERROR, message);
    }

    int exitCode() {
        return exitCode;
    }
}
