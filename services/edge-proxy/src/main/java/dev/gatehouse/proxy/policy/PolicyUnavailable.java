package dev.gatehouse.proxy.policy;

/** policy-service gave no usable decision (unreachable, error status, timeout, unreadable answer). */
public final class PolicyUnavailable extends RuntimeException {

    PolicyUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
