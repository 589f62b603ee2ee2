package dev.gatehouse.proxy.masking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.MaskingDirectives.OversizeAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * What the proxy calls to mask (docs/architecture.md §3 step 7, §4): response bodies as they stream, response
 * headers, PostgreSQL rows, and every audit payload. Plans are compiled once per distinct
 * {@link MaskingDirectives} (they arrive in each {@code Decision}) and cached; counts go to the metrics
 * when a body, a header set or a result set is done.
 */
@Component
public class Masking {

    private static final Logger log = LoggerFactory.getLogger(Masking.class);

    private final MaskingProperties properties;
    private final MaskingMetrics metrics;
    private final MaskingEngine engine = new MaskingEngine();
    private final byte[] tenantKey;
    private final Cache<MaskingDirectives, MaskingPlan> plans;
    private final AuditPayloadMasker audit;

    public Masking(MaskingProperties properties, MaskingMetrics metrics) {
        this.properties = properties;
        this.metrics = metrics;
        // plan-cache-size (default 256): distinct directives are few (one per rule), so all of them stay
        // compiled; a flood of distinct directives must not grow memory, and evicts only the rare ones.
        this.plans = Caffeine.newBuilder().maximumSize(properties.planCacheSize()).build();
        if (properties.tenantKey() == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            this.tenantKey = random;
            log.warn("gatehouse.proxy.masking.tenant-key is not set: HMAC tokens of masked values use a random key "
                    + "and correlate only within this process; set a key of at least 32 characters");
        } else {
            this.tenantKey = properties.tenantKey().getBytes(StandardCharsets.UTF_8);
        }
        plan(null); // fail at start-up, not on the first response, if the configured defaults do not compile
        this.audit = new AuditPayloadMasker(engine, MaskingPlan.compile(new MaskingDirectives(List.of(), List.of(),
                properties.auditDetectors(), properties.auditStyle(), OversizeAction.REFUSE), tenantKey));
    }

    /**
     * The compiled plan for a decision's directives, or for the configured defaults
     * ({@code gatehouse.proxy.masking.defaults}) when {@code directives} is null; cached.
     *
     * @throws IllegalArgumentException naming an unknown detector or a malformed field path
     */
    public MaskingPlan plan(MaskingDirectives directives) {
        MaskingDirectives d = directives == null ? properties.defaults() : directives;
        return plans.get(d, key -> MaskingPlan.compile(key, tenantKey));
    }

    public MaskingEngine engine() {
        return engine;
    }

    /** Masks audit payloads (REQUEST and RESPONSE), SQL text and bind parameters with every detector. */
    public AuditPayloadMasker audit() {
        return audit;
    }

    public long maxBodyBytes() {
        return properties.maxBodyBytes().toBytes();
    }

    /**
     * Masks a response body per {@code plan} as it streams; shape from the response's Content-Type,
     * Content-Encoding and Content-Length. Subscribe to {@link MaskedBody#body()} once; it fails with
     * {@link BodyNotMaskable} when the body must be refused (immediately when known from the headers).
     * Metrics are recorded when the body ends.
     */
    public MaskedBody maskBody(Flux<DataBuffer> body, HttpHeaders responseHeaders, MaskingPlan plan,
                               DataBufferFactory buffers) {
        BodyShape shape = BodyShape.of(responseHeaders.getFirst(HttpHeaders.CONTENT_TYPE),
                responseHeaders.getFirst(HttpHeaders.CONTENT_ENCODING), responseHeaders.getContentLength());
        return BodyMasking.mask(body, shape, plan, maxBodyBytes(), buffers, metrics::record);
    }

    /** The same with {@code custom} choosing the streaming masker by content type ({@code null}: the default). */
    public MaskedBody maskBody(Flux<DataBuffer> body, HttpHeaders responseHeaders, MaskingPlan plan,
                               DataBufferFactory buffers, ChunkMaskers custom) {
        if (custom == null) {
            return maskBody(body, responseHeaders, plan, buffers);
        }
        String contentType = responseHeaders.getFirst(HttpHeaders.CONTENT_TYPE);
        BodyShape shape = BodyShape.of(contentType, responseHeaders.getFirst(HttpHeaders.CONTENT_ENCODING),
                responseHeaders.getContentLength());
        return BodyMasking.mask(body, shape, plan, maxBodyBytes(), buffers, metrics::record,
                (p, counts) -> custom.create(contentType, p, counts));
    }

    /** Masks headers in place (response headers before commit); returns what was masked. */
    public MaskingCounts maskHeaders(HttpHeaders headers, MaskingPlan plan) {
        MaskingCounts counts = new MaskingCounts();
        for (String name : new ArrayList<>(headers.headerNames())) {
            List<String> values = headers.get(name);
            if (values == null) {
                continue;
            }
            List<String> masked = new ArrayList<>(values.size());
            boolean changed = false;
            for (String value : values) {
                String m = HeaderMasker.maskValue(name, value, plan, counts);
                changed |= m != value;
                masked.add(m);
            }
            if (changed) {
                headers.put(name, masked);
            }
        }
        metrics.record(counts);
        return counts;
    }

    /** A row masker for one PostgreSQL result set; call {@link #record} with its counts when the set ends. */
    public RowMasker rows(List<String> columnNames, MaskingPlan plan) {
        return engine.rows(columnNames, plan);
    }

    /** A row masker that also masks whole the columns {@code maskWhole} flags (traced to a masked source). */
    public RowMasker rows(List<String> columnNames, boolean[] maskWhole, MaskingPlan plan) {
        return engine.rows(columnNames, maskWhole, plan);
    }

    /** Exports counts the caller gathered itself (rows, audit payloads) as metrics. */
    public void record(MaskingCounts counts) {
        metrics.record(counts);
    }
}
