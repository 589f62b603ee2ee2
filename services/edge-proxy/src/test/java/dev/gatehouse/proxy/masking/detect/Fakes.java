package dev.gatehouse.proxy.masking.detect;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Building blocks for fake credentials: random strings over an alphabet and the check digits some formats
 * embed, written here from the formats' descriptions and independently of the main code (a shared bug
 * would otherwise pass unnoticed). Deterministic: one seeded {@link Random}. None of the values is a real
 * credential.
 */
final class Fakes {

    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";
    static final String HEX = "0123456789abcdef";
    static final String ALNUM = UPPER + LOWER + DIGITS;
    static final String B64URL = ALNUM + "-_";
    static final String B64 = ALNUM + "+/";
    static final String UPPER_ALNUM = UPPER + DIGITS;
    static final String LOWER_ALNUM = LOWER + DIGITS;
    private static final String BASE62 = DIGITS + UPPER + LOWER;
    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private final Random random;

    Fakes(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    String rnd(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Random over an alphabet with at least one digit and one letter (a real 32-char key always has both). */
    String mixed(String alphabet, int n) {
        while (true) {
            String s = rnd(alphabet, n);
            if (s.chars().anyMatch(Character::isDigit) && s.chars().anyMatch(Character::isLetter)) {
                return s;
            }
        }
    }

    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    String uuid() {
        String h = rnd(HEX, 32);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-"
                + "89ab".charAt(random.nextInt(4)) + h.substring(17, 20) + "-" + h.substring(20, 32);
    }

    String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    String base64(String text) {
        return base64(text.getBytes(StandardCharsets.UTF_8));
    }

    String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static long crc32(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    /** GitHub/npm: six base62 digits (0-9, A-Z, a-z) of the CRC32 of the random part. */
    static String base62Crc(String random) {
        long n = crc32(random);
        StringBuilder digits = new StringBuilder();
        while (n > 0) {
            digits.insert(0, BASE62.charAt((int) (n % 62)));
            n /= 62;
        }
        while (digits.length() < 6) {
            digits.insert(0, '0');
        }
        return digits.toString();
    }

    /** A token body of {@code n} random base62 characters whose last six are the checksum of the rest. */
    String checksummed(int n) {
        String body = rnd(ALNUM, n - 6);
        return body + base62Crc(body);
    }

    /** Atlassian/Bitbucket: eight upper-case hex digits of the CRC32 of everything before them. */
    static String hexCrc(String before) {
        return String.format("%08X", crc32(before));
    }

    /** Grafana service accounts: the CRC32 of the first 37 characters as little-endian hex. */
    static String littleEndianHexCrc(String before) {
        return String.format("%08x", Integer.reverseBytes((int) crc32(before)) & 0xffffffffL);
    }

    /** A bech32 string: lower-case hrp, '1', data characters, six checksum characters; upper-cased if asked. */
    String bech32(String hrp, int dataChars, boolean upper) {
        int[] data = new int[dataChars];
        for (int k = 0; k < dataChars; k++) {
            data[k] = random.nextInt(32);
        }
        int[] values = new int[hrp.length() * 2 + 1 + dataChars + 6];
        int v = 0;
        for (char c : hrp.toCharArray()) {
            values[v++] = c >> 5;
        }
        values[v++] = 0;
        for (char c : hrp.toCharArray()) {
            values[v++] = c & 31;
        }
        System.arraycopy(data, 0, values, v, dataChars);
        int polymod = polymod(values) ^ 1;
        StringBuilder sb = new StringBuilder(hrp).append('1');
        for (int d : data) {
            sb.append(BECH32.charAt(d));
        }
        for (int k = 0; k < 6; k++) {
            sb.append(BECH32.charAt((polymod >>> (5 * (5 - k))) & 31));
        }
        return upper ? sb.toString().toUpperCase(java.util.Locale.ROOT) : sb.toString();
    }

    private static int polymod(int[] values) {
        int[] generator = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int chk = 1;
        for (int value : values) {
            int top = chk >>> 25;
            chk = (chk & 0x1ffffff) << 5 ^ value;
            for (int i = 0; i < 5; i++) {
                chk ^= ((top >>> i) & 1) != 0 ? generator[i] : 0;
            }
        }
        return chk;
    }
}
