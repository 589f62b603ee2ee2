package dev.gatehouse.proxy.ssh;

import dev.gatehouse.proxy.masking.StreamMasker;

import java.io.IOException;
import java.io.OutputStream;

/**
 * What the host writes, masked on its way to the agent (the same text masker as HTTP bodies: bounded
 * memory, a secret split across two writes is still found) and captured, masked, for the audit trail.
 * Without a masker the bytes pass through as they come (a legacy scp transfer: a binary protocol that
 * waits for one-byte answers, so nothing may be held back; its content is unmasked as sftp's is).
 */
final class MaskingOutputStream extends OutputStream {

    private final OutputStream client;
    private final StreamMasker masker;
    private final CapturedOutput captured;

    MaskingOutputStream(OutputStream client, StreamMasker masker, CapturedOutput captured) {
        this.client = client;
        this.masker = masker;
        this.captured = captured;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        send(masker == null ? java.util.Arrays.copyOfRange(bytes, offset, offset + length)
                : masker.write(bytes, offset, length));
    }

    /** Sends what the masker held back; the stream to the agent stays open (the channel closes it). */
    @Override
    public void close() throws IOException {
        if (masker != null) {
            send(masker.finish());
        }
    }

    @Override
    public void flush() throws IOException {
        client.flush();
    }

    private void send(byte[] masked) throws IOException {
        if (masked.length > 0) {
            captured.add(masked, 0, masked.length);
            client.write(masked);
            client.flush();
        }
    }
}
