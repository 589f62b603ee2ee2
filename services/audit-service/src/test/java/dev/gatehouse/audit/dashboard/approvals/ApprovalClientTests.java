package dev.gatehouse.audit.dashboard.approvals;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.audit.dashboard.DashboardProperties;
import dev.gatehouse.model.ApprovalStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalClientTests {

    private static final String TOKEN = "secret-user-token";
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aRefusalCarriesTheProblemDetailAndNeverTheToken() throws IOException {
        ApprovalClient client = client(serve(403, "application/problem+json",
                "{\"status\":403,\"detail\":\"you cannot approve your own request\"}"));

        assertThatThrownBy(() -> client.decide(UUID.randomUUID(), true, "ok", TOKEN))
                .isInstanceOf(ApprovalServiceError.class)
                .hasMessage("you cannot approve your own request")
                .satisfies(e -> assertThat(((ApprovalServiceError) e).status()).isEqualTo(403))
                .message().doesNotContain(TOKEN);
    }

    @Test
    void anAnswerWithoutProblemDetailNamesTheStatus() throws IOException {
        ApprovalClient client = client(serve(502, "text/html", "<html>bad gateway</html>"));

        assertThatThrownBy(() -> client.list(ApprovalStatus.PENDING, TOKEN))
                .hasMessage("approval-service answered HTTP 502");
    }

    @Test
    void anUnreachableServiceIsA503WithAPlainMessage() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ApprovalClient client = client("http://127.0.0.1:" + port);

        assertThatThrownBy(() -> client.list(ApprovalStatus.PENDING, TOKEN))
                .isInstanceOf(ApprovalServiceError.class).hasMessage("approval-service is not reachable");
    }

    @Test
    void readsAListAsArrayOrPageAndToleratesUnknownFieldsAndStatuses() throws IOException {
        String id = UUID.randomUUID().toString();
        ApprovalClient client = client(serve(200, "application/json", "{\"items\": [{\"id\":\"" + id
                + "\",\"status\":\"SOMETHING_NEW\",\"connection\":\"db\",\"extra\":1,\"requiredApprovals\":null}]}"));

        var approvals = client.list(ApprovalStatus.PENDING, TOKEN);

        assertThat(approvals).singleElement().satisfies(a -> {
            assertThat(a.id()).hasToString(id);
            assertThat(a.status()).isNull();
            assertThat(a.connection()).isEqualTo("db");
        });
    }

    private String serve(int status, String type, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static ApprovalClient client(String url) {
        return new ApprovalClient(new DashboardProperties("http://issuer", "client", null, URI.create(url),
                Duration.ofSeconds(5), Duration.ofSeconds(2)));
    }
}
