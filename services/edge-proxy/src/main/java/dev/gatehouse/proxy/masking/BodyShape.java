package dev.gatehouse.proxy.masking;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the response headers say about a body, as far as masking cares: its kind, whether its bytes can
 * be scanned as they are (not compressed, an ASCII-compatible charset), and its declared length.
 *
 * @param declaredLength Content-Length, or -1 when unknown
 */
public record BodyShape(BodyKind kind, boolean readable, long declaredLength) {

    private static final byte[] PROBE = "AZaz09:=@-+/_".getBytes(StandardCharsets.US_ASCII);

    public static BodyShape of(String contentType, String contentEncoding, long declaredLength) {
        boolean identity = contentEncoding == null || contentEncoding.isBlank()
                || contentEncoding.strip().equalsIgnoreCase("identity");
        return new BodyShape(BodyKind.of(contentType), identity && asciiCompatible(contentType), declaredLength);
    }

    private static boolean asciiCompatible(String contentType) {
        if (contentType == null) {
            return true;
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                String name = p.substring(8).replace("\"", "").strip();
                try {
                    return Arrays.equals(PROBE, new String(PROBE, StandardCharsets.US_ASCII).getBytes(Charset.forName(name)));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
