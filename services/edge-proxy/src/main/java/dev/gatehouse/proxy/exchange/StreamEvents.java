package dev.gatehouse.proxy.exchange;

/**
 * The session events of a relayed stream (a Kubernetes exec or attach), set by the route on the exchange of
 * an upgraded request once its REQUEST event was recorded ({@link ExchangeAttributes#STREAM_EVENTS}). The
 * adapter reports each message it relays; the route masks it with every detector and numbers it in the
 * request's audit session after the REQUEST, and the stream's RESPONSE takes its number when the stream
 * ends, so a replay sorted by seq reads the stream in order. Published after the fact: never holds the stream.
 */
@FunctionalInterface
public interface StreamEvents {

    /**
     * One message: its {@code channel} (say {@code stdin}, {@code stdout}), whether the client sent it (a
     * REQUEST event) or the target (RESPONSE), its text (masked by the route) and facts to add to the operation.
     */
    void message(String channel, boolean fromClient, String text, java.util.Map<String, String> facts);
}
