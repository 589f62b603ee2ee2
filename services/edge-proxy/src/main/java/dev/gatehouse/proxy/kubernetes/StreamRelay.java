package dev.gatehouse.proxy.kubernetes;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

import java.util.concurrent.atomic.AtomicReference;

/**
 * An exec/attach stream between the client's and the cluster's WebSocket sessions: each message is copied
 * to the other side as it comes (one message in memory per direction; the frame size is capped by the
 * WebSocket specs of {@link ClusterStreamFilter}) and written into the stream's {@link StreamRecording}. The
 * first side to end ends the other: the cluster's close (after the exit status) closes the client's
 * stream; a client that goes, or breaks the framing (netty refuses the frame, which never becomes a
 * message, so it is never relayed), closes the cluster's.
 */
final class StreamRelay {

    private static final int EARLY = 16;

    private StreamRelay() {
    }

    /** {@code v4Cluster}: the client speaks {@code v5} to a {@code v4} cluster; its close signals are not relayed. */
    static Mono<Void> relay(WebSocketSession client, WebSocketSession cluster, StreamRecording recording,
                            boolean v4Cluster) {
        // Each direction ends by closing the other side. The client's receive is never cancelled (publish
        // + autoConnect keep it subscribed when the cluster's side goes first): a cancelled receive makes
        // the server close without a status, which kubectl reports as an error after the exit status (it
        // expects 1000). While nobody reads it, at most EARLY messages wait. Only a failure of the client's
        // own stream (a malformed frame) closes it with an error; the cluster's side going away while a
        // message is sent to it is the stream's normal end, which the cluster's close reports.
        // A message the recording refuses is not relayed and closes the stream with its status (1002, 1003);
        // it must not fail the receive, whose cancellation would close the client without one. Once refused,
        // nothing more is relayed either way while the closes go out.
        AtomicReference<StreamRecording.Unreadable> refused = new AtomicReference<>();
        Flux<WebSocketMessage> fromClient = client.receive()
                .<WebSocketMessage>handle((message, sink) -> relayed(message, recording, client, true, refused, sink))
                .filter(message -> !(v4Cluster && closeSignal(message)))
                .onErrorResume(e -> client.close(closing(e)).then(Mono.empty()))
                .publish(EARLY).autoConnect();
        Mono<Void> toClient = client.send(cluster.receive()
                        .<WebSocketMessage>handle((message, sink) -> relayed(message, recording, client, false, refused, sink)))
                .onErrorResume(e -> Mono.empty())
                .then(Mono.defer(() -> client.close(refused.get() == null ? CloseStatus.NORMAL : closing(refused.get()))));
        Mono<Void> toCluster = cluster.send(fromClient)
                .onErrorResume(e -> Mono.empty())
                .then(Mono.defer(() -> cluster.close(CloseStatus.GOING_AWAY)));
        return Mono.when(toClient, toCluster);
    }

    /**
     * Passes the message's copy on, or, when the recording refuses it, keeps it back and ends the stream: a
     * refused client message closes the client with its status at once (its receive goes on until the close is
     * answered), a refused cluster message ends the cluster's side, whose end closes the client with that status.
     */
    private static void relayed(WebSocketMessage message, StreamRecording recording, WebSocketSession client,
                                boolean fromClient, AtomicReference<StreamRecording.Unreadable> refused,
                                SynchronousSink<WebSocketMessage> sink) {
        if (refused.get() != null) {
            return;
        }
        try {
            sink.next(copy(message, recording, fromClient));
        } catch (StreamRecording.Unreadable e) {
            if (!refused.compareAndSet(null, e)) {
                return;
            }
            if (fromClient) {
                client.close(closing(e)).subscribe();
            } else {
                sink.complete();
            }
        }
    }

    /** A close reason fits 123 bytes (RFC 6455 §5.5): printable ASCII (a header value it quotes may be anything), cut. */
    private static String reason(String text) {
        String ascii = text.replaceAll("[^\\x20-\\x7e]", "?");
        return ascii.length() <= 123 ? ascii : ascii.substring(0, 122) + "~";
    }

    /** {@code v5}'s close signal: a binary message on channel 255. */
    private static boolean closeSignal(WebSocketMessage message) {
        DataBuffer payload = message.getPayload();
        return message.getType() == WebSocketMessage.Type.BINARY && payload.readableByteCount() > 0
                && (payload.getByte(payload.readPosition()) & 0xff) == 255;
    }

    /**
     * The close a failed stream ends with: the framing error netty found (1002, 1009) with its reason, the
     * recording's refusal (a tunnelled SPDY session it cannot follow: 1002; a text message where only binary ones
     * pass: 1003) with its reason, or 1011.
     */
    static CloseStatus closing(Throwable e) {
        if (e instanceof CorruptedWebSocketFrameException corrupted) {
            return new CloseStatus(corrupted.closeStatus().code(), corrupted.getMessage());
        }
        if (e instanceof StreamRecording.Unreadable unreadable) {
            return new CloseStatus(unreadable.code(), reason(unreadable.getMessage()));
        }
        return CloseStatus.SERVER_ERROR.withReason("stream failed");
    }

    /**
     * The message as bytes of its own (the session's buffer is released once the message was handled),
     * written into the recording on the way; one the recording refuses (it throws) is not relayed.
     */
    static WebSocketMessage copy(WebSocketMessage message, StreamRecording recording, boolean fromClient) {
        DataBuffer payload = message.getPayload();
        byte[] bytes = new byte[payload.readableByteCount()];
        payload.read(bytes);
        if (message.getType() == WebSocketMessage.Type.BINARY) {
            if (fromClient) {
                recording.fromClient(bytes);
            } else {
                recording.fromCluster(bytes);
            }
        } else if (message.getType() == WebSocketMessage.Type.TEXT && !recording.carriesText()) {
            throw new StreamRecording.Unreadable(CloseStatus.NOT_ACCEPTABLE.getCode(),
                    "a text message where the stream carries binary ones only");
        }
        return new WebSocketMessage(message.getType(), DefaultDataBufferFactory.sharedInstance.wrap(bytes));
    }
}
