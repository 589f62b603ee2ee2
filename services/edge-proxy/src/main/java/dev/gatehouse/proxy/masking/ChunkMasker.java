package dev.gatehouse.proxy.masking;

/**
 * Masks a body that arrives in chunks, holding back only what it must (a window for secrets that may
 * continue in the next chunk, or one JSON token). Output may lag input; {@link #finish} flushes the rest.
 */
public interface ChunkMasker {

    void write(byte[] chunk, int offset, int length, ByteSink out);

    void finish(ByteSink out);

    /** Bytes currently held back; bounded, this is what the body's memory use is. */
    int held();

    /** Whether the body turned out not to be what its content type said (malformed JSON masked as text). */
    default boolean degraded() {
        return false;
    }
}
