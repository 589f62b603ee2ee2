package dev.gatehouse.proxy.git;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads Git pkt-lines: four hex digits giving the length including themselves, then the payload;
 * {@code 0000} is a flush-pkt. Protocol v0/v1 (what receive-pack speaks) has no other special packets.
 */
final class PktLineReader {

    /** LARGE_PACKET_MAX in Git. */
    static final int MAX_LENGTH = 65520;

    private final InputStream in;
    private int count;

    PktLineReader(InputStream in) {
        this.in = in;
    }

    /** The next payload, or null for a flush-pkt. */
    byte[] next() throws IOException, MalformedPktLine {
        count++;
        byte[] header = readFully(4, "the length of pkt-line " + count);
        int length = 0;
        for (byte b : header) {
            int digit = Character.digit(b, 16);
            if (digit < 0) {
                throw new MalformedPktLine("pkt-line " + count + " does not start with four hex digits");
            }
            length = length * 16 + digit;
        }
        if (length == 0) {
            return null;
        }
        if (length < 4 || length > MAX_LENGTH) {
            throw new MalformedPktLine("pkt-line " + count + " has an invalid length " + length);
        }
        return readFully(length - 4, "pkt-line " + count);
    }

    int count() {
        return count;
    }

    private byte[] readFully(int length, String what) throws IOException, MalformedPktLine {
        try {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new MalformedPktLine("the request ends inside " + what + " (before the flush-pkt)");
            }
            return bytes;
        } catch (EOFException e) {
            throw new MalformedPktLine("the request ends inside " + what + " (before the flush-pkt)");
        }
    }
}
