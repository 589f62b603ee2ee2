package dev.gatehouse.proxy.masking.detect;

import java.util.zip.CRC32;

/**
 * Check digits that credential formats embed so that scanners can tell a real token from a look-alike:
 * GitHub's and npm's CRC32 in base62, Atlassian's and Grafana's CRC32 in hex, bech32 (age keys). Written
 * from the formats' published descriptions; each is exercised by generated tokens and by a flipped
 * character in the tests.
 */
final class Checksums {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] BECH32_GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    private Checksums() {
    }

    static long crc32(byte[] a, int from, int to) {
        CRC32 crc = new CRC32();
        crc.update(a, from, to - from);
        return crc.getValue();
    }

    /**
     * GitHub ({@code ghp_} ...) and npm ({@code npm_}) tokens: the last six characters are the CRC32 of
     * the random part before them, in base62 (digits, upper, lower), left-padded with '0'.
     */
    static boolean base62Crc32(byte[] a, int body, int end) {
        int checkStart = end - 6;
        if (checkStart <= body) {
            return false;
        }
        long value = 0;
        for (int k = checkStart; k < end; k++) {
            int digit = BASE62.indexOf(a[k]);
            if (digit < 0) {
                return false;
            }
            value = value * 62 + digit;
        }
        return value == crc32(a, body, checkStart);
    }

    /** Atlassian and Bitbucket tokens: the last 8 characters are the CRC32 of everything before, in hex. */
    static boolean hexCrc32Tail(byte[] a, int start, int end) {
        long value = hex(a, end - 8, end, false);
        return value >= 0 && value == crc32(a, start, end - 8);
    }

    /** Grafana service-account tokens {@code glsa_<32>_<8 hex>}: CRC32 of the first 37 chars, little-endian hex. */
    static boolean grafanaCrc32(byte[] a, int start, int end) {
        long value = hex(a, end - 8, end, true);
        return end - start == 46 && value >= 0 && value == crc32(a, start, start + 37);
    }

    /** A bech32 string ({@code hrp1data}), either case: the polymod of the expanded hrp and data is 1. */
    static boolean bech32(byte[] a, int start, int end) {
        int separator = -1;
        for (int k = end - 1; k >= start; k--) {
            if (a[k] == '1') {
                separator = k;
                break;
            }
        }
        if (separator <= start || end - separator < 7) {
            return false;
        }
        int checksum = 1;
        for (int k = start; k < separator; k++) {
            checksum = polymod(checksum, Ascii.lower(a[k]) >> 5);
        }
        checksum = polymod(checksum, 0);
        for (int k = start; k < separator; k++) {
            checksum = polymod(checksum, Ascii.lower(a[k]) & 31);
        }
        for (int k = separator + 1; k < end; k++) {
            int value = BECH32.indexOf(Ascii.lower(a[k]));
            if (value < 0) {
                return false;
            }
            checksum = polymod(checksum, value);
        }
        return checksum == 1;
    }

    private static int polymod(int checksum, int value) {
        int top = checksum >>> 25;
        int next = ((checksum & 0x1ffffff) << 5) ^ value;
        for (int k = 0; k < 5; k++) {
            if (((top >> k) & 1) != 0) {
                next ^= BECH32_GENERATOR[k];
            }
        }
        return next;
    }

    /** Eight hex digits as an unsigned 32-bit value (read as little-endian bytes if asked), or -1. */
    private static long hex(byte[] a, int from, int to, boolean littleEndian) {
        if (from < 0 || to - from != 8) {
            return -1;
        }
        long value = 0;
        for (int k = from; k < to; k++) {
            int digit = Character.digit(a[k], 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return littleEndian ? Integer.reverseBytes((int) value) & 0xffffffffL : value;
    }
}
