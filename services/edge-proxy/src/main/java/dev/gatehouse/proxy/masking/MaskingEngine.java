package dev.gatehouse.proxy.masking;

import dev.gatehouse.proxy.masking.detect.Matches;
import dev.gatehouse.proxy.masking.detect.Scanner;
import dev.gatehouse.proxy.masking.json.JsonStreamMasker;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The masking engine, free of Spring so that the proxy, the PostgreSQL listener, the audit path and the
 * benchmarks share it. Stateless and thread-safe; per-body state lives in the objects it hands out
 * ({@link StreamMasker}, {@link RowMasker}).
 */
public final class MaskingEngine {

    /** Text: every detector the plan enables, in one pass. Returns the same instance when nothing matched. */
    public MaskResult maskText(CharSequence text, MaskingPlan plan) {
        MaskingCounts counts = new MaskingCounts();
        byte[] in = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = maskText(in, plan, counts);
        return new MaskResult(out == in ? text.toString() : new String(out, StandardCharsets.UTF_8), counts);
    }

    /** JSON: field directives and detectors on every string; invalid JSON is masked as text from where it breaks. */
    public MaskResult maskJson(CharSequence json, MaskingPlan plan) {
        MaskingCounts counts = new MaskingCounts();
        byte[] in = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = maskJson(in, plan, counts);
        return new MaskResult(out == in ? json.toString() : new String(out, StandardCharsets.UTF_8), counts);
    }

    /** JSON when it starts like JSON ('{' or '[' after blanks), otherwise text: for audit payloads of unknown form. */
    public MaskResult maskPayload(CharSequence payload, MaskingPlan plan) {
        return looksLikeJson(payload) ? maskJson(payload, plan) : maskText(payload, plan);
    }

    /** Masks UTF-8 text; returns {@code utf8} itself when nothing was masked. */
    public byte[] maskText(byte[] utf8, MaskingPlan plan, MaskingCounts counts) {
        Matches matches = new Matches();
        Scanner.scan(utf8, 0, 0, utf8.length, utf8.length, plan.switches(), matches);
        if (matches.isEmpty()) {
            return utf8;
        }
        matches.resolve();
        ByteSink out = new ByteSink(utf8.length + 64);
        Replacements.apply(out, utf8, 0, utf8.length, matches, matches.size(), plan, counts);
        return out.toByteArray();
    }

    /** Masks a UTF-8 JSON document; returns {@code utf8} itself when nothing was masked. */
    public byte[] maskJson(byte[] utf8, MaskingPlan plan, MaskingCounts counts) {
        int before = counts.total();
        ByteSink out = new ByteSink(utf8.length + 64);
        ChunkMasker json = new JsonStreamMasker(plan, counts);
        json.write(utf8, 0, utf8.length, out);
        json.finish(out);
        return counts.total() == before ? utf8 : out.toByteArray();
    }

    /** A streaming masker for one body of the given kind (JSON or text). */
    public StreamMasker stream(BodyKind kind, MaskingPlan plan) {
        return new StreamMasker(kind, plan);
    }

    /**
     * A streaming masker for text someone reads as it comes (a command's output, an exec stream): it holds back
     * only what a detector may still need (the trailing token, an open armoured block), not a fixed window, so a
     * line reaches the reader when it is written ({@link dev.gatehouse.proxy.masking.text.LiveTextMasker}).
     */
    public StreamMasker live(MaskingPlan plan) {
        return new StreamMasker(BodyKind.TEXT, plan, (p, counts) -> new dev.gatehouse.proxy.masking.text.LiveTextMasker(p, counts));
    }

    /** A masker for the rows of one result set, compiled once per row description. */
    public RowMasker rows(List<String> columnNames, MaskingPlan plan) {
        return new RowMasker(columnNames, plan);
    }

    /** The same, with the columns to mask whole whatever their names ({@code null}: by name only). */
    public RowMasker rows(List<String> columnNames, boolean[] maskWhole, MaskingPlan plan) {
        return new RowMasker(columnNames, maskWhole, plan);
    }

    static boolean looksLikeJson(CharSequence s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (!Character.isWhitespace(c)) {
                return c == '{' || c == '[';
            }
        }
        return false;
    }
}
