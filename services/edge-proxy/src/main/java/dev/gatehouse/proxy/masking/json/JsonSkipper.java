package dev.gatehouse.proxy.masking.json;

/**
 * Skips one JSON object or array that a field directive masks whole, across chunks, without buffering
 * it: only its nesting depth and whether it is inside a string are kept.
 */
final class JsonSkipper {

    private int depth;
    private boolean inString;
    private boolean backslash;

    void start() {
        depth = 0;
        inString = false;
        backslash = false;
    }

    /** @return the index after the container's closing bracket, or -1 when it goes on past {@code end} */
    int skip(byte[] in, int from, int end) {
        for (int i = from; i < end; i++) {
            byte b = in[i];
            if (inString) {
                if (backslash) {
                    backslash = false;
                } else if (b == '\\') {
                    backslash = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }
}
