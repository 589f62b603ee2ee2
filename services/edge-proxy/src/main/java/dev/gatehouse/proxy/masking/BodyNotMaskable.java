package dev.gatehouse.proxy.masking;

/**
 * A body on a connection that requires masking could not be masked, and the policy does not let it pass
 * unmasked: the response must be refused (502), never forwarded. The message is fixed text; it carries
 * no body content.
 */
public class BodyNotMaskable extends RuntimeException {

    public enum Reason {
        /** larger than {@code gatehouse.proxy.masking.max-body-bytes} */
        TOO_LARGE,
        /** compressed ({@code Content-Encoding}) or in a charset that is not ASCII-compatible (UTF-16/32) */
        UNREADABLE
    }

    private final Reason reason;

    public BodyNotMaskable(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
