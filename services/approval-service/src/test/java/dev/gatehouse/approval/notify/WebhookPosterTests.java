package dev.gatehouse.approval.notify;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.resilience.InvocationRejectedException;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The poster through Spring's proxy (the concurrency limit is an annotation) against a real local server. */
@ExtendWith(OutputCaptureExtension.class)
class WebhookPosterTests {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger received = new AtomicInteger();
    private HttpServer server;
    private AnnotationConfigApplicationContext context;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    void rejectsADeliveryBeyondMaxInFlightInsteadOfQueueingIt() throws Exception {
        WebhookPoster poster = poster(1, 0);
        URI url = slowReceiver();
        Thread first = Thread.ofVirtual().start(() -> poster.post("pager", url, "{}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == 1);

        assertThatThrownBy(() -> poster.post("pager", url, "{}")).isInstanceOf(InvocationRejectedException.class);

        release.countDown();
        first.join(Duration.ofSeconds(10));
        assertThat(received.get()).isEqualTo(1);
        poster.post("pager", url, "{}"); // the slot is free again
        assertThat(received.get()).isEqualTo(2);
    }

    @Test
    void retriesAnUnreachableReceiverWithoutLoggingItsUrl(CapturedOutput output) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI secret = URI.create("http://127.0.0.1:" + closedPort + "/hooks/T0000/B0000/s3cr3t-webhook-token");

        poster(10, 2).post("pager", secret, "{}");

        assertThat(output.getOut()).contains("notification to channel 'pager' failed after 3 attempt(s)")
                .doesNotContain("s3cr3t-webhook-token");
    }

    private WebhookPoster poster(int maxInFlight, int retries) {
        context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test",
                Map.of("gatehouse.approval.notifications.max-in-flight", String.valueOf(maxInFlight))));
        context.registerBean(NotificationProperties.class, () -> new NotificationProperties(Map.of(),
                Duration.ofSeconds(5), retries, Duration.ofMillis(10), maxInFlight));
        context.register(ResilienceConfiguration.class, WebhookPoster.class);
        context.refresh();
        return context.getBean(WebhookPoster.class);
    }

    private URI slowReceiver() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }
}
