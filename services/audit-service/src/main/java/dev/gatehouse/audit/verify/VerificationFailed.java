package dev.gatehouse.audit.verify;

/** The first thing that did not verify; its message names the event or checkpoint. */
final class VerificationFailed extends RuntimeException {

    VerificationFailed(String message) {
        super(message, null, false, false);
    }
}
