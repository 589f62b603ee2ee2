package dev.gatehouse.proxy.postgres.wire;

/** A protocol message whose fields do not fit its length or its type. */
public final class MalformedMessage extends RuntimeException {

    public MalformedMessage(String message) {
        super(message, null, false, false);
    }
}
