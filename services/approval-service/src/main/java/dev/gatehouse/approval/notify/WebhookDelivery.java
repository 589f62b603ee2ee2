package dev.gatehouse.approval.notify;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.resilience.InvocationRejectedException;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Delivers a notification without blocking the caller: the POST and its retries ({@link WebhookPoster})
 * run on a virtual thread of their own. At most {@code max-in-flight} deliveries run at once; beyond
 * that a notification is dropped and logged. Logs name the channel, never its URL: a webhook URL is a
 * credential.
 */
@Component
class WebhookDelivery {

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);

    private final WebhookPoster poster;
    // one cheap thread per delivery: the concurrency limit on the poster, not a pool size, bounds them
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    WebhookDelivery(WebhookPoster poster) {
        this.poster = poster;
    }

    void deliver(String channel, URI url, String body) {
        threads.execute(() -> {
            try {
                poster.post(channel, url, body);
            } catch (InvocationRejectedException e) {
                log.warn("notification to channel '{}' dropped: too many deliveries in flight", printable(channel));
            } catch (RuntimeException e) {
                log.warn("notification to channel '{}' failed: {}", printable(channel), e.getClass().getSimpleName());
            }
        });
    }

    /** Interrupts deliveries still waiting for an answer or a retry when the service stops. */
    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }

    /** A channel name safe to log (it comes from a policy document). */
    static String printable(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "?");
        return safe.length() > 64 ? safe.substring(0, 64) : safe;
    }
}
