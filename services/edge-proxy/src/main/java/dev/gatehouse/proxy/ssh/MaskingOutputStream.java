package dev.gatehouse.proxy.ssh;

import dev.gatehouse.proxy.masking.StreamMasker;

import java.io.IOException;
import java.io.OutputStream;

/**
 * What the host writes, masked on its way to the agent (the same text masker as HTTP bodies: bounded
 * memory, a secret split across two writes is still found) and captured, masked, for the audit trail.
 * The masker is a live one (it holds only what a detector may still need) and what it holds goes out when the
 * host pauses ({@link PauseRelease}), so output reaches the agent as it is written.
 * Without a masker the bytes pass through as they come (a legacy scp transfer: a binary protocol that
 * waits for one-byte answers, so nothing may be held back; its content is unmasked as sftp's is).
 */
final class MaskingOutputStream extends OutputStream {

    private final OutputStream client;
    private final StreamMasker masker;
    private final CapturedOutput captured;
    private final PauseRelease pauses;

    MaskingOutputStream(OutputStream client, StreamMasker masker, CapturedOutput captured) {
        this(client, masker, captured, PauseRelease.PAUSE_MS);
    }

    MaskingOutputStream(OutputStream client, StreamMasker masker, CapturedOutput captured, long pauseMs) {
        this.client = client;
        this.masker = masker;
        this.captured = captured;
        this.pauses = new PauseRelease(this, this::releaseHeld, pauseMs);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (masker == null) {
            send(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
            return;
        }
        send(masker.write(bytes, offset, length));
        pauses.wrote(masker.held());
    }

    /** Sends what the masker held back; the stream to the agent stays open (the channel closes it). */
    @Override
    public synchronized void close() throws IOException {
        if (masker != null) {
            send(masker.finish());
        }
    }

    /** The host paused: what the masker holds goes to the agent now (under the lock, from PauseRelease). */
    private void releaseHeld() {
        try {
            send(masker.release());
        } catch (IOException e) {
            // the agent is gone; the channel's close ends the stream
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
