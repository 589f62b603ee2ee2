package dev.gatehouse.proxy.kubernetes;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortForwardTranscriptTests {

    private final List<String> events = new ArrayList<>();
    private final PortForwardTranscript transcript = new PortForwardTranscript((channel, fromClient, text, facts) ->
            events.add(channel + (fromClient ? " > " : " < ") + text + " " + facts.get("portforward.port")));
    private final SpdyWriter kubectl = new SpdyWriter();
    private final SpdyWriter cluster = new SpdyWriter();

    @Test
    void eachConnectionIsAnEventAndItsBytesAreCountedEachWay() {
        connect(1, 8080, 0);
        transcript.fromClient(SpdyWriter.data(3, new byte[1000], 0, 1000, false));
        transcript.fromCluster(SpdyWriter.data(3, new byte[250], 0, 250, false));
        transcript.fromClient(SpdyWriter.data(3, new byte[0], 0, 0, true));
        transcript.fromCluster(SpdyWriter.data(3, new byte[5], 0, 5, true));
        connect(5, 9090, 1);
        byte[] refused = "an error occurred forwarding 9090 -> 9090: connection refused".getBytes();
        transcript.fromCluster(SpdyWriter.data(5, refused, 0, refused.length, true));
        transcript.fromCluster(cluster.reset(7));

        PortForwardTranscript.Answer answer = transcript.answer();

        assertThat(events).containsExactly("portforward > connect to port 8080 (request 0) 8080",
                "portforward > connect to port 9090 (request 1) 9090",
                "error < an error occurred forwarding 9090 -> 9090: connection refused 9090");
        assertThat(answer.facts()).containsEntry("stream.protocol", "SPDY/3.1+portforward.k8s.io")
                .containsEntry("portforward.ports", "8080,9090").containsEntry("portforward.connections", "2")
                .containsEntry("portforward.bytesToPod", "1000").containsEntry("portforward.bytesFromPod", "255")
                .containsEntry("stream.events", "3");
        assertThat(answer.payload()).isEqualTo("2 connections to ports 8080,9090: 1000 bytes to the pod, 255 from it");
    }

    @Test
    void anErrorStillOpenWhenTheTunnelEndsIsReportedWithTheAnswer() {
        connect(1, 8080, 0);
        byte[] text = "lost connection to pod".getBytes();
        transcript.fromCluster(SpdyWriter.data(1, text, 0, text.length, false));

        transcript.answer();

        assertThat(events).last().isEqualTo("error < lost connection to pod 8080");
    }

    @Test
    void aStreamThatIsNotAPortForwardsEndsTheTunnel() {
        for (Map<String, String> headers : List.of(Map.of("streamtype", "stdin", "port", "80"),
                Map.of("streamtype", "data", "port", "0"), Map.of("streamtype", "data", "port", "65536"),
                Map.of("streamtype", "data", "port", "80 "), Map.of("streamtype", "data"))) {
            PortForwardTranscript fresh = new PortForwardTranscript(null);
            byte[] frame = new SpdyWriter().synStream(1, headers, false);
            assertThatThrownBy(() -> fresh.fromClient(frame)).as(headers.toString())
                    .isInstanceOf(SpdyReader.Malformed.class).hasMessageContaining("port-forward stream with type");
        }
        byte[] pushed = cluster.synStream(2, Map.of("streamtype", "data", "port", "80"), false);
        assertThatThrownBy(() -> transcript.fromCluster(pushed)).hasMessageContaining("opened by the cluster");
        connect(1, 80, 0);
        byte[] again = kubectl.synStream(1, Map.of("streamtype", "error", "port", "80"), false);
        assertThatThrownBy(() -> transcript.fromClient(again)).hasMessageContaining("stream 1 opened twice");
    }

    @Test
    void streamsOpenAtOnceAreCappedAndEndedOnesFreeTheirPlace() {
        for (int i = 0; i < PortForwardTranscript.MAX_STREAMS / 2; i++) {
            connect(4 * i + 1, 8080, i);
        }
        byte[] more = kubectl.synStream(4 * PortForwardTranscript.MAX_STREAMS + 1, Map.of("streamtype", "data", "port", "80"), false);
        assertThatThrownBy(() -> transcript.fromClient(more)).hasMessageContaining("more than " + PortForwardTranscript.MAX_STREAMS);

        transcript.fromClient(SpdyWriter.data(3, new byte[0], 0, 0, true));
        transcript.fromCluster(SpdyWriter.data(3, new byte[0], 0, 0, true));
        transcript.fromClient(kubectl.reset(1));

        transcript.fromClient(kubectl.synStream(4 * PortForwardTranscript.MAX_STREAMS + 3, Map.of("streamtype", "data", "port", "80"), false));
        assertThat(transcript.answer().facts()).containsEntry("portforward.connections",
                Integer.toString(PortForwardTranscript.MAX_STREAMS / 2 + 1));
    }

    /** kubectl's pair for one local connection: the error stream (closed for writing at once), then the data stream. */
    private void connect(int errorStream, int port, int request) {
        Map<String, String> headers = Map.of("streamtype", "error", "port", Integer.toString(port), "requestid",
                Integer.toString(request));
        transcript.fromClient(kubectl.synStream(errorStream, headers, false));
        transcript.fromCluster(cluster.synReply(errorStream, Map.of()));
        transcript.fromClient(SpdyWriter.data(errorStream, new byte[0], 0, 0, true));
        transcript.fromClient(kubectl.synStream(errorStream + 2, Map.of("streamtype", "data", "port",
                Integer.toString(port), "requestid", Integer.toString(request)), false));
        transcript.fromCluster(cluster.synReply(errorStream + 2, Map.of()));
    }
}
