package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.proxy.masking.BodyKind;
import dev.gatehouse.proxy.masking.ByteSink;
import dev.gatehouse.proxy.masking.ChunkMasker;
import dev.gatehouse.proxy.masking.ChunkMaskers;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.json.JsonStreamMasker;

/**
 * A watch answers with one JSON document per event, each ended by a newline, and may stay silent for
 * minutes between events. The default JSON masker holds back the end of what it read (the next bytes
 * might continue a token), so an event would reach kubectl only when the next one arrives. Here each
 * event is masked as a document of its own and released whole at its newline; within an event the JSON
 * masker streams as usual, so memory stays bounded however large one event is.
 */
public final class WatchEvents implements ChunkMasker {

    private final MaskingPlan plan;
    private final MaskingCounts counts;
    private JsonStreamMasker event;
    private boolean degraded;

    private WatchEvents(MaskingPlan plan, MaskingCounts counts) {
        this.plan = plan;
        this.counts = counts;
    }

    /** The maskers of a watch's answer: this one for JSON, the default for anything else. */
    public static ChunkMaskers maskers() {
        return (contentType, plan, counts) -> BodyKind.of(contentType) == BodyKind.JSON ? new WatchEvents(plan, counts) : null;
    }

    /** Whether the request asks for a watch: {@code watch=true|1} in the query, or the legacy {@code /watch/} path. */
    public static boolean isWatch(String path, String query) {
        if (path != null && (path.contains("/watch/") || path.endsWith("/watch"))) {
            return true;
        }
        if (query == null) {
            return false;
        }
        for (String parameter : query.split("&")) {
            if (parameter.equals("watch=true") || parameter.equals("watch=1")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void write(byte[] chunk, int offset, int length, ByteSink out) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (chunk[i] == '\n') {
                current().write(chunk, start, i + 1 - start, out);
                endEvent(out);
                start = i + 1;
            }
        }
        if (start < end) {
            current().write(chunk, start, end - start, out);
        }
    }

    @Override
    public void finish(ByteSink out) {
        if (event != null) {
            endEvent(out);
        }
    }

    private JsonStreamMasker current() {
        if (event == null) {
            event = new JsonStreamMasker(plan, counts);
        }
        return event;
    }

    private void endEvent(ByteSink out) {
        event.finish(out);
        degraded |= event.degraded();
        event = null;
    }

    @Override
    public int held() {
        return event == null ? 0 : event.held();
    }

    @Override
    public boolean degraded() {
        return degraded || (event != null && event.degraded());
    }
}
