package dev.gatehouse.proxy.ssh;

/** A login over the caller's concurrent-session limit ({@link SessionLimits}); the message says which. */
final class SessionLimitReached extends RuntimeException {

    SessionLimitReached(String message) {
        super(message, null, false, false);
    }
}
