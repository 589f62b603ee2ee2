package dev.gatehouse.proxy.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Masks what the audit trail records, request and response alike, before it leaves the proxy: with
 * every detector whatever the rule's directives say (the rule decides what the agent may see; nothing
 * reaches Kafka in clear), in the audit style (HASH by default, so the same secret is the same token
 * across events and can be correlated). Payloads already masked for the agent come out unchanged:
 * replacement tokens are never detected again.
 */
public final class AuditPayloadMasker {

    private final MaskingEngine engine;
    private final MaskingPlan plan;

    public AuditPayloadMasker(MaskingEngine engine, MaskingPlan plan) {
        this.engine = engine;
        this.plan = plan;
    }

    public MaskingPlan plan() {
        return plan;
    }

    /** A payload of unknown form: JSON if it starts like JSON, else text. */
    public MaskResult mask(String payload) {
        return payload == null ? new MaskResult(null, new MaskingCounts()) : engine.maskPayload(payload, plan);
    }

    /** A body as recorded: binary content is described, not decoded. */
    public MaskResult maskBody(byte[] body, String contentType) {
        if (body == null) {
            return new MaskResult(null, new MaskingCounts());
        }
        MaskingCounts counts = new MaskingCounts();
        return switch (BodyKind.of(contentType)) {
            case BINARY -> new MaskResult("[binary " + contentType + ", " + body.length + " bytes]", counts);
            case JSON -> new MaskResult(utf8(engine.maskJson(body, plan, counts)), counts);
            case TEXT -> new MaskResult(utf8(engine.maskText(body, plan, counts)), counts);
        };
    }

    /** Headers as recorded: credential headers whole, the rest by detectors. */
    public Map<String, List<String>> maskHeaders(Map<String, List<String>> headers, MaskingCounts counts) {
        return HeaderMasker.mask(headers, plan, counts);
    }

    /** SQL text (literals: {@code password = 'x'}, {@code VALUES ('jane@example.com')}) and its bind parameters. */
    public SqlMasked maskSql(String sql, List<String> parameters) {
        MaskingCounts counts = new MaskingCounts();
        MaskResult text = engine.maskText(sql == null ? "" : sql, plan);
        counts.addAll(text.counts());
        List<String> masked = new ArrayList<>(parameters == null ? 0 : parameters.size());
        if (parameters != null) {
            for (String parameter : parameters) {
                if (parameter == null) {
                    masked.add(null);
                    continue;
                }
                MaskResult p = engine.maskText(parameter, plan);
                counts.addAll(p.counts());
                masked.add(p.text());
            }
        }
        return new SqlMasked(sql == null ? null : text.text(), masked, counts);
    }

    /**
     * A value the audit copy replaces whole because it is written into a masked column (the PostgreSQL
     * listener places it, see {@code WrittenValues}): labelled {@value MaskingCounts#COLUMN}, in the audit
     * style, so the same value is the same token wherever it is recorded.
     */
    public String maskWhole(String value, MaskingCounts counts) {
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteSink out = new ByteSink(64);
        Replacements.directive(out, MaskingCounts.COLUMN, bytes, 0, bytes.length, plan);
        counts.addColumn();
        return utf8(out.toByteArray());
    }

    /** A statement and its parameters as the audit trail records them. */
    public record SqlMasked(String sql, List<String> parameters, MaskingCounts counts) {
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
