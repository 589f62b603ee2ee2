package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.masking.AuditPayloadMasker;
import dev.gatehouse.proxy.masking.MaskResult;
import dev.gatehouse.proxy.masking.MaskedBody;
import dev.gatehouse.proxy.masking.MaskingCounts;
import org.springframework.core.io.buffer.DataBuffer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Map;

/**
 * What the RESPONSE event records of a body: the first bytes of what the caller received (already
 * masked by the rule's directives), masked again with every detector before it leaves the proxy,
 * and the masking counts of body and headers. Kept as an exchange attribute while the body streams.
 */
final class ResponseCapture {

    static final String ATTRIBUTE = ResponseCapture.class.getName();

    private final int limit;
    private final String contentType;
    private final MaskingCounts headerCounts;
    private final MaskedBody body;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private long total;

    ResponseCapture(int limit, String contentType, MaskingCounts headerCounts, MaskedBody body) {
        this.limit = limit;
        this.contentType = contentType;
        this.headerCounts = headerCounts;
        this.body = body;
    }

    /** Copies without moving the buffer's read position: the buffer still goes to the caller whole. */
    void copy(DataBuffer buffer) {
        total += buffer.readableByteCount();
        try (DataBuffer.ByteBufferIterator views = buffer.readableByteBuffers()) {
            Iterator<ByteBuffer> iterator = views;
            while (iterator.hasNext() && captured.size() < limit) {
                ByteBuffer view = iterator.next();
                int length = Math.min(view.remaining(), limit - captured.size());
                byte[] bytes = new byte[length];
                view.get(bytes);
                captured.write(bytes, 0, length);
            }
        }
    }

    /** The audit payload: masked for the trail, marked when cut. */
    MaskResult payload(AuditPayloadMasker auditMasker) {
        MaskResult masked = auditMasker.maskBody(captured.toByteArray(), contentType);
        if (total > captured.size() && masked.text() != null) {
            return new MaskResult(masked.text() + " …[" + (total - captured.size()) + " more bytes not recorded]",
                    masked.counts());
        }
        return masked;
    }

    /** Counts by detector of what the caller was spared: body and headers. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new java.util.TreeMap<>(body.report() == null ? Map.of() : body.report().auditMap());
        headerCounts.asMap().forEach((id, count) -> counts.merge(id, count, Integer::sum));
        return counts;
    }
}
