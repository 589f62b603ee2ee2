package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.proxy.exchange.AnswerRecorder;

/**
 * What the trail keeps of a relayed stream, fed each binary message before it is relayed: an exec's channels
 * ({@link StreamTranscript}) or a port-forward's SPDY session ({@link PortForwardTranscript}). A message the
 * recording cannot read throws {@link Unreadable}: it is never relayed and the stream ends ({@link StreamRelay}).
 */
interface StreamRecording extends AnswerRecorder {

    void fromClient(byte[] message);

    void fromCluster(byte[] message);

    /** Whether text messages may pass: an exec's protocol has none to record, a tunnelled byte stream none at all. */
    default boolean carriesText() {
        return true;
    }

    /** A message the recording cannot read: the stream ends with the WebSocket close {@code code} and this reason. */
    class Unreadable extends RuntimeException {

        private final int code;

        Unreadable(int code, String reason) {
            super(reason);
            this.code = code;
        }

        int code() {
            return code;
        }
    }
}
