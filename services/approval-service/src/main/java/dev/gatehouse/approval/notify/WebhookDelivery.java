package dev.gatehouse.approval.notify;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * POSTs a JSON body to a webhook without blocking the caller: each attempt is bounded by the
 * configured timeout, failures (no answer or a non-2xx status) are retried after a delay, and at most
 * {@code max-in-flight} deliveries run at once (beyond that a notification is dropped and logged).
 * Logs name the channel, never its URL: a webhook URL is a credential.
 */
@Component
class WebhookDelivery {

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);

    private final NotificationProperties properties;
    private final HttpClient http;
    private final Semaphore inFlight;

    WebhookDelivery(NotificationProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.inFlight = new Semaphore(properties.maxInFlight());
    }

    void deliver(String channel, URI url, HttpRequest.BodyPublisher body) {
        if (!inFlight.tryAcquire()) {
            log.warn("notification to channel '{}' dropped: too many deliveries in flight", printable(channel));
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(properties.timeout())
                .header("Content-Type", "application/json").POST(body).build();
        attempt(channel, request, 0).whenComplete((done, failure) -> inFlight.release());
    }

    private CompletableFuture<Void> attempt(String channel, HttpRequest request, int attempt) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    if (failure == null && response.statusCode() / 100 == 2) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    String why = failure != null ? rootName(failure) : "status " + response.statusCode();
                    if (attempt >= properties.retries()) {
                        log.warn("notification to channel '{}' failed after {} attempt(s): {}", printable(channel),
                                attempt + 1, why);
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    log.info("notification to channel '{}' failed ({}), retrying", printable(channel), why);
                    return CompletableFuture.runAsync(() -> {
                    }, CompletableFuture.delayedExecutor(properties.retryDelay().toMillis(), TimeUnit.MILLISECONDS))
                            .thenCompose(ignored -> attempt(channel, request, attempt + 1));
                })
                .thenCompose(next -> next);
    }

    @PreDestroy
    void stop() {
        http.shutdownNow();
    }

    /** The exception's class only: messages of connection errors may contain the URL. */
    private static String rootName(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /** A channel name safe to log (it comes from a policy document). */
    static String printable(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "?");
        return safe.length() > 64 ? safe.substring(0, 64) : safe;
    }
}
