package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.masking.MaskingMetrics;
import dev.gatehouse.proxy.masking.MaskingProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecretReadsTests {

    /** base64 of "hunter2-db-password": nothing a detector would recognise, so only the fields can catch it. */
    private static final String VALUE = "aHVudGVyMi1kYi1wYXNzd29yZA==";
    private static final DefaultDataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;

    private final Masking masking = new Masking(new MaskingProperties(DataSize.ofMegabytes(1),
            "0123456789abcdef0123456789abcdef", null, null, null, null), new MaskingMetrics(new SimpleMeterRegistry()));

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/namespaces/default/secrets/db", "/api/v1/secrets", "/api/v1/namespaces/x/secrets",
            "/api/v1/watch/namespaces/default/secrets", "/api/v1/namespaces/default/secret%73/db",
            "/api/v1/namespaces/default/%73ecrets", "/api/v1/namespaces/default/%zz/db"})
    void everyWayToAddressSecretsIsMasked(String path) {
        assertThat(SecretReads.addressesSecrets(path)).isTrue();
        assertThat(SecretReads.directives(MaskingDirectives.DEFAULT, path).fields()).containsAll(SecretReads.FIELDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/namespaces/default/configmaps/db", "/api", "/apis/apps/v1/deployments",
            "/api/v1/namespaces/default/secretsx"})
    void otherResourcesKeepTheRulesDirectives(String path) {
        assertThat(SecretReads.directives(MaskingDirectives.DEFAULT, path)).isSameAs(MaskingDirectives.DEFAULT);
    }

    @Test
    void aSecretItsListAndItsWatchEventsComeBackWithoutTheirValues() {
        MaskingDirectives directives = SecretReads.directives(MaskingDirectives.DEFAULT, "/api/v1/secrets");
        String secret = "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\",\"annotations\":"
                + "{\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\\"data\\\":{\\\"p\\\":\\\"" + VALUE + "\\\"}}\"}},"
                + "\"data\":{\"password\":\"" + VALUE + "\"},\"stringData\":{\"user\":\"hunter2-db-password\"}}";
        String list = "{\"kind\":\"SecretList\",\"items\":[" + secret + "," + secret + "]}";
        String watch = "{\"type\":\"ADDED\",\"object\":" + secret + "}\n{\"type\":\"MODIFIED\",\"object\":" + secret + "}\n";

        for (String body : List.of(secret, list, watch)) {
            String masked = mask(body, directives);
            assertThat(masked).doesNotContain(VALUE).doesNotContain("hunter2").contains("\"name\":\"db\"");
        }
    }

    @Test
    void fieldsAreMaskedWhateverTheirOrderAndLength() {
        MaskingDirectives directives = SecretReads.directives(MaskingDirectives.DEFAULT, "/api/v1/secrets/x");
        String body = "{\"apiVersion\":\"v1\",\"data\":{\"password\":\"aHVudGVyMg==\"},\"kind\":\"Secret\","
                + "\"metadata\":{\"name\":\"readme-db\",\"namespace\":\"default\"}}";

        assertThat(mask(body, directives)).doesNotContain("aHVudGVyMg==").contains("readme-db");
    }

    @Test
    void aReviewerReadsTheSizeOfASecretsBodyNeverItsValues() {
        byte[] body = ("{\"kind\":\"Secret\",\"data\":{\"password\":\"" + VALUE + "\"}}").getBytes(StandardCharsets.UTF_8);

        String shown = new String(SecretReads.reviewableBody("/api/v1/namespaces/default/secrets", body),
                StandardCharsets.US_ASCII);

        assertThat(shown).doesNotContain(VALUE).contains(body.length + " bytes");
        byte[] configMap = "{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(SecretReads.reviewableBody("/api/v1/namespaces/default/configmaps", configMap)).isSameAs(configMap);
    }

    @Test
    void protobufIsDroppedFromWhatTheClusterIsAskedFor() {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.ACCEPT, "application/vnd.kubernetes.protobuf, application/json");
        SecretReads.jsonOnly(headers);
        assertThat(headers.get(HttpHeaders.ACCEPT)).containsExactly("application/json");

        HttpHeaders only = new HttpHeaders();
        only.add(HttpHeaders.ACCEPT, "application/vnd.kubernetes.protobuf;stream=watch");
        SecretReads.jsonOnly(only);
        assertThat(only.get(HttpHeaders.ACCEPT)).containsExactly("application/json");
    }

    private String mask(String body, MaskingDirectives directives) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<DataBuffer> chunks = new ArrayList<>();
        for (int k = 0; k < bytes.length; k += 7) {
            chunks.add(BUFFERS.wrap(Arrays.copyOfRange(bytes, k, Math.min(bytes.length, k + 7))));
        }
        Flux<DataBuffer> masked = masking.maskBody(Flux.fromIterable(chunks), headers, masking.plan(directives), BUFFERS)
                .body();
        return String.join("", masked.map(buffer -> buffer.toString(StandardCharsets.UTF_8)).collectList().block());
    }
}
