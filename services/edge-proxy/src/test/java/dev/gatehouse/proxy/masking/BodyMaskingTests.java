package dev.gatehouse.proxy.masking;

import dev.gatehouse.model.MaskingDirectives.OversizeAction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BodyMaskingTests {

    private static final String GITHUB = "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";
    private static final DefaultDataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Masking masking = new Masking(new MaskingProperties(DataSize.ofBytes(1000), "0123456789abcdef0123456789abcdef",
            null, null, null, null), new MaskingMetrics(registry));

    @Test
    void aJsonBodyIsMaskedAsItStreamsAndReportedWhenDone() {
        String body = "{\"token\": \"" + GITHUB + "\", \"mail\": \"jane@example.com\"}";
        MaskedBody masked = masking.maskBody(chunks(body, 5), headers("application/json", null, -1), masking.plan(null),
                BUFFERS);

        assertThat(join(masked.body())).isEqualTo("{\"token\": \"[REDACTED:github-token]\", \"mail\": \"jane@example.com\"}");
        StepVerifier.create(masked.done()).assertNext(report -> {
            assertThat(report.outcome()).isEqualTo(MaskingReport.MASKED);
            assertThat(report.auditMap()).isEqualTo(java.util.Map.of("github-token", 1));
            assertThat(report.bytes()).isEqualTo(body.length());
        }).verifyComplete();
        assertThat(registry.get(MaskingMetrics.MATCHES).tag("detector", "github-token").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(MaskingMetrics.BODIES).tag("outcome", "masked").counter().count()).isEqualTo(1.0);
    }

    @Test
    void binaryBodiesPassUntouchedAndAreRecordedAsBinary() {
        DataBuffer png = BUFFERS.wrap(("\u0089PNG " + GITHUB).getBytes(StandardCharsets.ISO_8859_1));
        MaskedBody masked = masking.maskBody(Flux.just(png), headers("image/png", null, -1), masking.plan(null), BUFFERS);

        StepVerifier.create(masked.body()).expectNext(png).verifyComplete();
        assertThat(masked.report().outcome()).isEqualTo(MaskingReport.BINARY);
        assertThat(masked.report().auditMap()).containsEntry("binary", 1);
    }

    @Test
    void anOversizeBodyIsRefusedBeforeAnyByteWhenItsLengthIsDeclared() {
        List<DataBuffer> upstream = new ArrayList<>();
        Flux<DataBuffer> source = chunks("x".repeat(2000), 100).doOnNext(upstream::add);
        MaskedBody masked = masking.maskBody(source, headers("text/plain", null, 2000),
                Plans.oversize(OversizeAction.REFUSE), BUFFERS);

        StepVerifier.create(masked.body()).expectError(BodyNotMaskable.class).verify();
        assertThat(masked.report().outcome()).isEqualTo(MaskingReport.OVERSIZE_REFUSED);
        assertThat(upstream).isEmpty();
    }

    @Test
    void anOversizeBodyOfUnknownLengthFailsWhenItCrossesTheLimit() {
        MaskedBody masked = masking.maskBody(chunks("jane@example.com ".repeat(100), 64), headers("text/plain", null, -1),
                Plans.oversize(OversizeAction.REFUSE), BUFFERS);

        StringBuilder seen = new StringBuilder();
        StepVerifier.create(masked.body().map(BodyMaskingTests::text)).thenConsumeWhile(s -> seen.append(s) != null)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BodyNotMaskable.class)
                        .extracting(x -> ((BodyNotMaskable) x).reason()).isEqualTo(BodyNotMaskable.Reason.TOO_LARGE))
                .verify();
        assertThat(seen.toString()).doesNotContain("jane@example.com");
        assertThat(masked.report().auditMap()).containsEntry("oversize-refused", 1);
    }

    @Test
    void anOversizeBodyPassesUnmaskedBeyondTheLimitWhenThePolicySaysSo() {
        String body = "jane@example.com " + "y".repeat(1000) + " late@example.com";
        MaskedBody masked = masking.maskBody(chunks(body, 100), headers("text/plain", null, body.length()),
                Plans.oversize(OversizeAction.PASS), BUFFERS);

        String out = join(masked.body());

        assertThat(out).startsWith("[REDACTED:email] ").endsWith(" late@example.com");
        assertThat(masked.report().outcome()).isEqualTo(MaskingReport.OVERSIZE_PASSED);
        assertThat(masked.report().auditMap()).containsEntry("oversize-passed", 1).containsEntry("email", 1);
    }

    @Test
    void compressedBodiesCannotBeScannedAndAreRefusedByDefault() {
        MaskedBody refused = masking.maskBody(chunks("whatever", 4), headers("application/json", "gzip", -1),
                masking.plan(null), BUFFERS);
        MaskedBody passed = masking.maskBody(chunks("whatever", 4), headers("application/json", "gzip", -1),
                Plans.oversize(OversizeAction.PASS), BUFFERS);

        StepVerifier.create(refused.body()).expectError(BodyNotMaskable.class).verify();
        assertThat(join(passed.body())).isEqualTo("whatever");
        assertThat(passed.report().outcome()).isEqualTo(MaskingReport.UNREADABLE_PASSED);
    }

    @Test
    void utf16TextIsNotReadableAsBytes() {
        assertThat(BodyShape.of("text/plain; charset=UTF-16", null, -1).readable()).isFalse();
        assertThat(BodyShape.of("text/plain; charset=ISO-8859-1", null, -1).readable()).isTrue();
        assertThat(BodyShape.of("application/problem+json", "identity", -1).kind()).isEqualTo(BodyKind.JSON);
        assertThat(BodyShape.of(null, null, -1).kind()).isEqualTo(BodyKind.TEXT);
        assertThat(BodyShape.of("image/svg+xml", null, -1).kind()).isEqualTo(BodyKind.TEXT);
    }

    @Test
    void aPlanThatMasksNothingPassesTheBodyThrough() {
        MaskedBody masked = masking.maskBody(chunks("jane@example.com", 4), headers("text/plain", null, -1),
                Plans.nothing(), BUFFERS);

        assertThat(join(masked.body())).isEqualTo("jane@example.com");
        assertThat(masked.report().outcome()).isEqualTo(MaskingReport.NOT_REQUIRED);
    }

    @Test
    void cancellingTheBodyEndsTheReportAsIncomplete() {
        MaskedBody masked = masking.maskBody(chunks("a".repeat(900), 10), headers("text/plain", null, -1),
                masking.plan(null), BUFFERS);

        StepVerifier.create(masked.body(), 1).expectNextCount(0).thenCancel().verify();
        assertThat(masked.report().outcome()).isEqualTo(MaskingReport.INCOMPLETE);
    }

    private static HttpHeaders headers(String type, String encoding, long length) {
        HttpHeaders headers = new HttpHeaders();
        if (type != null) {
            headers.set(HttpHeaders.CONTENT_TYPE, type);
        }
        if (encoding != null) {
            headers.set(HttpHeaders.CONTENT_ENCODING, encoding);
        }
        if (length >= 0) {
            headers.setContentLength(length);
        }
        return headers;
    }

    private static Flux<DataBuffer> chunks(String body, int size) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<DataBuffer> buffers = new ArrayList<>();
        for (int k = 0; k < bytes.length; k += size) {
            buffers.add(BUFFERS.wrap(java.util.Arrays.copyOfRange(bytes, k, Math.min(bytes.length, k + size))));
        }
        return Flux.fromIterable(buffers);
    }

    private static String join(Flux<DataBuffer> body) {
        return String.join("", body.map(BodyMaskingTests::text).collectList().block());
    }

    private static String text(DataBuffer buffer) {
        String s = buffer.toString(StandardCharsets.UTF_8);
        DataBufferUtils.release(buffer);
        return s;
    }
}
