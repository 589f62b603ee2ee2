package dev.gatehouse.proxy.git;

/** The command section of a receive-pack request is not what Git's protocol allows; the message says where. */
public class MalformedPktLine extends Exception {

    public MalformedPktLine(String message) {
        super(message, null, false, false);
    }
}
