package dev.gatehouse.local;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the demo cluster's pods do beyond the CRUD double: {@code exec}/{@code attach} over WebSocket
 * ({@code v4.channel.k8s.io}, the newest fabric8's mock server negotiates; Gatehouse relays kubectl's
 * {@code v5} over it) running a tiny fake shell, and {@code log} answering {@link #LOG_BYTES} of log lines.
 * The shell knows {@code echo}, {@code hostname}, {@code env} (whose output holds a database password, to
 * show it masked in the trail) and {@code exit N}; anything else is "not found", exit code 127.
 */
final class DemoPodStreams {

    static final int LOG_BYTES = 8 * 1024 * 1024;
    /** The password the fake {@code env} prints: never in the trail in clear. */
    static final String ENV_PASSWORD = "Hq3vT8zR6wY1mK5p";
    private static final Pattern POD_STREAM = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/(exec|attach|log)(\\?.*)?");
    private static final String LOG_LINE = "2026-12-07T01:00:00Z level=info msg=\"request served\" path=/healthz status=200\n";

    private DemoPodStreams() {
    }

    /** The answer to a pod's stream request, or null when it is none (the CRUD double answers). */
    static MockResponse answer(RecordedRequest request) {
        Matcher stream = POD_STREAM.matcher(request.getPath());
        if (!stream.matches() || !"GET".equals(request.getMethod())) {
            return null;
        }
        String pod = stream.group(2);
        String query = stream.group(4) == null ? "" : stream.group(4).substring(1);
        return switch (stream.group(3)) {
            case "log" -> new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                    .setBody(log());
            case "attach" -> new MockResponse().withWebSocketUpgrade(new Shell(List.of("attach", pod)));
            default -> new MockResponse().withWebSocketUpgrade(new Shell(commands(query)));
        };
    }

    private static byte[] log() {
        byte[] line = LOG_LINE.getBytes(StandardCharsets.US_ASCII);
        byte[] log = new byte[LOG_BYTES / line.length * line.length];
        for (int at = 0; at < log.length; at += line.length) {
            System.arraycopy(line, 0, log, at, line.length);
        }
        return log;
    }

    private static List<String> commands(String query) {
        List<String> words = new ArrayList<>();
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("command=")) {
                words.add(URLDecoder.decode(parameter.substring(8), StandardCharsets.UTF_8));
            }
        }
        return words;
    }

    /** One command: its output on stdout (1) or stderr (2), its exit status on channel 3, then the close. */
    private static final class Shell extends WebSocketListener {

        private final List<String> words;

        Shell(List<String> words) {
            this.words = words;
        }

        @Override
        public void onOpen(WebSocket socket, Response response) {
            String name = words.isEmpty() ? "" : words.getFirst();
            String args = String.join(" ", words.subList(Math.min(1, words.size()), words.size()));
            int exit = 0;
            switch (name) {
                case "echo" -> send(socket, 1, args + "\n");
                case "hostname" -> send(socket, 1, "toolbox\n");
                case "attach" -> send(socket, 1, "attached to " + args + ": ready\n");
                case "env" -> send(socket, 1, "HOME=/root\nDATABASE_URL=postgresql://app:" + ENV_PASSWORD
                        + "@db.internal:5432/orders\n");
                case "exit" -> exit = args.matches("\\d{1,3}") ? Integer.parseInt(args) : 2;
                default -> {
                    send(socket, 2, "sh: " + name + ": not found\n");
                    exit = 127;
                }
            }
            send(socket, 3, exit == 0 ? "{\"metadata\":{},\"status\":\"Success\"}"
                    : "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit "
                    + "code: exit status " + exit + "\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":"
                    + "[{\"reason\":\"ExitCode\",\"message\":\"" + exit + "\"}]}}");
            socket.close(1000, "");
        }

        private static void send(WebSocket socket, int channel, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            byte[] framed = new byte[bytes.length + 1];
            framed[0] = (byte) channel;
            System.arraycopy(bytes, 0, framed, 1, bytes.length);
            socket.send(framed);
        }
    }
}
