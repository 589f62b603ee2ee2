package dev.gatehouse.proxy.kubernetes;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An exec/attach stream between the client's and the cluster's WebSocket sessions: each message is copied
 * to the other side as it comes (one message in memory per direction; the frame size is capped by the
 * WebSocket specs of {@link ClusterStreamFilter}) and written into the {@link StreamTranscript}. The
 * first side to end ends the other: the cluster's close (after the exit status) closes the client's
 * stream; a client that goes, or breaks the framing (netty refuses the frame, which never becomes a
 * message, so it is never relayed), closes the cluster's.
 */
final class StreamRelay {

    private static final int EARLY = 16;

    private StreamRelay() {
    }

    /** {@code v4Cluster}: the client speaks {@code v5} to a {@code v4} cluster; its close signals are not relayed. */
    static Mono<Void> relay(WebSocketSession client, WebSocketSession cluster, StreamTranscript transcript,
                            boolean v4Cluster) {
        // Each direction ends by closing the other side. The client's receive is never cancelled (publish
        // + autoConnect keep it subscribed when the cluster's side goes first): a cancelled receive makes
        // the server close without a status, which kubectl reports as an error after the exit status (it
        // expects 1000). While nobody reads it, at most EARLY messages wait. Only a failure of the client's
        // own stream (a malformed frame) closes it with an error; the cluster's side going away while a
        // message is sent to it is the stream's normal end, which the cluster's close reports.
        Flux<WebSocketMessage> fromClient = client.receive().map(message -> copy(message, transcript))
                .filter(message -> !(v4Cluster && closeSignal(message)))
                .onErrorResume(e -> client.close(closing(e)).then(Mono.empty()))
                .publish(EARLY).autoConnect();
        Mono<Void> toClient = client.send(cluster.receive().map(message -> copy(message, transcript)))
                .onErrorResume(e -> Mono.empty())
                .then(Mono.defer(() -> client.close(CloseStatus.NORMAL)));
        Mono<Void> toCluster = cluster.send(fromClient)
                .onErrorResume(e -> Mono.empty())
                .then(Mono.defer(() -> cluster.close(CloseStatus.GOING_AWAY)));
        return Mono.when(toClient, toCluster);
    }

    /** {@code v5}'s close signal: a binary message on channel 255. */
    private static boolean closeSignal(WebSocketMessage message) {
        DataBuffer payload = message.getPayload();
        return message.getType() == WebSocketMessage.Type.BINARY && payload.readableByteCount() > 0
                && (payload.getByte(payload.readPosition()) & 0xff) == 255;
    }

    /** The close a failed stream ends with: the framing error netty found (1002, 1009) with its reason, or 1011. */
    static CloseStatus closing(Throwable e) {
        if (e instanceof CorruptedWebSocketFrameException corrupted) {
            return new CloseStatus(corrupted.closeStatus().code(), corrupted.getMessage());
        }
        return CloseStatus.SERVER_ERROR.withReason("stream failed");
    }

    /**
     * The message as bytes of its own (the session's buffer is released once the message was handled),
     * written into the transcript on the way.
     */
    static WebSocketMessage copy(WebSocketMessage message, StreamTranscript transcript) {
        DataBuffer payload = message.getPayload();
        byte[] bytes = new byte[payload.readableByteCount()];
        payload.read(bytes);
        if (message.getType() == WebSocketMessage.Type.BINARY) {
            transcript.message(bytes, 0, bytes.length);
        }
        return new WebSocketMessage(message.getType(), DefaultDataBufferFactory.sharedInstance.wrap(bytes));
    }
}
