package dev.gatehouse.approval.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.resilience.annotation.ConcurrencyLimit;
import org.springframework.resilience.annotation.ConcurrencyLimit.ThrottlePolicy;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;

/**
 * POSTs a JSON body to a webhook, blocking (callers run it on a thread of its own): each attempt bounded
 * by {@code timeout}, a failure (no answer or a non-2xx status) retried {@code retries} times after
 * {@code retry-delay}. Logs name the channel and the exception's class or the status, never the URL or
 * an exception message (connection errors name the URL).
 */
@Component
class WebhookPoster {

    private static final Logger log = LoggerFactory.getLogger(WebhookPoster.class);

    private final RestClient http;
    private final RetryTemplate retry;
    private final int retries;

    WebhookPoster(NotificationProperties properties) {
        // timeout bounds the connect and, per attempt, the wait for the answer's headers; a redirect is a failure
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(properties.timeout()).followRedirects(HttpClient.Redirect.NEVER).build());
        requests.setReadTimeout(properties.timeout());
        this.http = RestClient.builder().requestFactory(requests).build();
        this.retries = properties.retries();
        this.retry = new RetryTemplate(RetryPolicy.builder().maxRetries(properties.retries())
                .delay(properties.retryDelay()).build());
    }

    /**
     * Delivers {@code body}, retrying; a failure after the last attempt is logged, not thrown. The limit
     * holds a slot for the whole delivery, retries included; one more is rejected, not queued.
     *
     * @throws org.springframework.resilience.InvocationRejectedException when {@code max-in-flight}
     *                                                                     deliveries already run
     */
    @ConcurrencyLimit(limitString = "${gatehouse.approval.notifications.max-in-flight:100}",
            policy = ThrottlePolicy.REJECT)
    public void post(String channel, URI url, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int[] attempt = {0};
        try {
            retry.execute(() -> {
                attempt[0]++;
                DeliveryFailed failed = attempt(url, bytes);
                if (failed == null) {
                    return null;
                }
                if (attempt[0] <= retries) {
                    log.info("notification to channel '{}' failed ({}), retrying", WebhookDelivery.printable(channel),
                            failed.getMessage());
                }
                throw failed;
            });
        } catch (RetryException e) {
            log.warn("notification to channel '{}' failed after {} attempt(s): {}", WebhookDelivery.printable(channel),
                    attempt[0], e.getLastException().getMessage());
        }
    }

    /**
     * One POST; what went wrong, or null. Only the sanitised failure reaches the retry template, whose
     * debug log prints the exception: connection errors from the client name the URL.
     */
    private DeliveryFailed attempt(URI url, byte[] body) {
        try {
            http.post().uri(url).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                    .onStatus(status -> !status.is2xxSuccessful(), (request, response) -> {
                        throw new DeliveryFailed("status " + response.getStatusCode().value());
                    })
                    .toBodilessEntity();
            return null;
        } catch (DeliveryFailed e) {
            return e;
        } catch (RuntimeException e) {
            return new DeliveryFailed(rootName(e));
        }
    }

    /** The root exception's class only: messages of connection errors may contain the URL. */
    private static String rootName(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /**
     * A failed attempt, said without the URL: the status of a non-2xx answer (a redirect included: it is
     * not followed) or the class of the connection error.
     */
    static final class DeliveryFailed extends RuntimeException {

        DeliveryFailed(String why) {
            super(why, null, false, false);
        }
    }
}
