package dev.gatehouse.local;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo target keeps the most recent requests only, and still counts every one. */
class EchoTargetTests {

    @Test
    void keepsTheMostRecentRequestsAndCountsThemAll() throws Exception {
        try (EchoTarget target = EchoTarget.start(0, 3); HttpClient client = HttpClient.newHttpClient()) {
            for (int i = 1; i <= 5; i++) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(target.url() + "/items/" + i)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.body()).contains("\"path\":\"/items/" + i + "\"");
            }

            assertThat(target.count()).isEqualTo(5);
            assertThat(target.received()).extracting(EchoTarget.Received::path)
                    .containsExactly("/items/3", "/items/4", "/items/5");
        }
    }
}
