package dev.gatehouse.proxy.masking;

/**
 * A masked string and what was masked in it. {@code text} is the input itself (same instance) when
 * nothing was masked.
 */
public record MaskResult(String text, MaskingCounts counts) {

    public boolean changed() {
        return !counts.isEmpty();
    }
}
