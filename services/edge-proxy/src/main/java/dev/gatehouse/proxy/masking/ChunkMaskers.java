package dev.gatehouse.proxy.masking;

/**
 * Chooses the streaming masker of one response body instead of the one its content type gets by default
 * (an adapter that knows the body's structure, e.g. the LLM route's event streams). Set per request as the
 * exchange attribute {@code ExchangeAttributes.RESPONSE_MASKERS}.
 */
@FunctionalInterface
public interface ChunkMaskers {

    /** A masker for a body of {@code contentType} that counts into {@code counts}; {@code null}: the default one. */
    ChunkMasker create(String contentType, MaskingPlan plan, MaskingCounts counts);
}
