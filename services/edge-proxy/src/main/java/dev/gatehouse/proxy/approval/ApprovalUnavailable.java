package dev.gatehouse.proxy.approval;

/**
 * approval-service gave no usable answer (unreachable, 5xx, timeout, unreadable body): the caller gets
 * 503 and the target is never called. The message names the action and the exception class only.
 */
public final class ApprovalUnavailable extends RuntimeException {

    ApprovalUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
