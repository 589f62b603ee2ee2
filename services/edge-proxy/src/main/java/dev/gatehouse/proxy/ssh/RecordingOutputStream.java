package dev.gatehouse.proxy.ssh;

import dev.gatehouse.proxy.masking.StreamMasker;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A shell's screen output: masked on its way to the agent by a live masker, what it holds released when the host
 * pauses ({@link PauseRelease}: an echoed keystroke shows at once), and recorded, masked, with its timing.
 */
final class RecordingOutputStream extends OutputStream {

    private final OutputStream client;
    private final StreamMasker masker;
    private final ShellRecording recording;
    private final PauseRelease pauses = new PauseRelease(this, this::releaseHeld);

    RecordingOutputStream(OutputStream client, StreamMasker masker, ShellRecording recording) {
        this.client = client;
        this.masker = masker;
        this.recording = recording;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        send(masker.write(bytes, offset, length));
        pauses.wrote(masker.held());
    }

    /** The host paused: what the masker holds (an echoed character, a prompt) goes to the screen now. */
    private void releaseHeld() {
        try {
            send(masker.release());
        } catch (IOException e) {
            // the agent is gone; the channel's close ends the stream
        }
    }

    @Override
    public synchronized void close() throws IOException {
        send(masker.finish());
    }

    @Override
    public void flush() throws IOException {
        client.flush();
    }

    private void send(byte[] masked) throws IOException {
        if (masked.length > 0) {
            recording.output(masked, 0, masked.length);
            client.write(masked);
            client.flush();
        }
    }
}
