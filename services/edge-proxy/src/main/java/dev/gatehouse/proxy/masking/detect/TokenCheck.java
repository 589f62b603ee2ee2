package dev.gatehouse.proxy.masking.detect;

import java.util.Base64;

/**
 * The validator of a prefixed format, run on a span its shape matched ({@code start} = the prefix,
 * {@code body} = after it). A checksum is decisive where the format is specified to carry one and a
 * reference value could be reproduced (GitHub, npm); where the algorithm is only known from other
 * scanners' code, a valid checksum confirms and a failing one falls back to the randomness test, because
 * a wrong implementation would otherwise hide real tokens.
 */
enum TokenCheck {

    /** Random body: not a documentation dummy ({@code sk-ant-api03-xxxx...}). */
    RANDOM {
        @Override
        boolean test(byte[] a, int start, int body, int end) {
            return random(a, body, end);
        }
    },
    /** Random and mixing letters with digits: for shapes whose alphabet also spells words. */
    MIXED {
        @Override
        boolean test(byte[] a, int start, int body, int end) {
            return random(a, body, end) && hasDigit(a, body, end) && hasLetter(a, body, end);
        }
    },
    /** Letters only ({@code hf_}): random upper and lower case, unlike a camelCase identifier. */
    CASES {
        @Override
        boolean test(byte[] a, int start, int body, int end) {
            int upper = 0;
            for (int k = body; k < end; k++) {
                upper += Ascii.isUpper(a[k]) ? 1 : 0;
            }
            return random(a, body, end) && upper >= 6 && end - body - upper >= 6;
        }
    },
    /** npm: base62 CRC32 in the last six characters, decisive. */
    BASE62_CRC32 {
        @Override
        boolean test(byte[] a, int start, int body, int end) {
            return Checksums.base62Crc32(a, body, end);
        }
    },
    /** Atlassian, Bitbucket: hex CRC32 tail confirms. */
    HEX_CRC32 {
        @Override
        boolean test(byte[] a, int start, int body, int end) {
            return Checksums.hexCrc32Tail(a, start, end) || random(a, body, end);
        }
    },
    /** Grafana: service-account CRC32 confirms; cloud tokens and legacy keys are base64 JSON. */
    GRAFANA {
        @Override
        boolean test(byte[] a, int start, int body, int end) {
            if (a[start] == 'e') {
                return json(a, start, end);
            }
            return a[start + 2] == 's' ? Checksums.grafanaCrc32(a, start, end) || random(a, body, end)
                    : json(a, body, end);
        }
    },
    /** age: bech32 confirms. */
    BECH32 {
        @Override
        boolean test(byte[] a, int start, int body, int end) {
            return Checksums.bech32(a, start, end) || random(a, body, end);
        }
    },
    /** A base64 JSON payload after the prefix, up to the first '_' or '.' (Sentry org, 1Password, Mapbox). */
    JSON_PAYLOAD {
        @Override
        boolean test(byte[] a, int start, int body, int end) {
            int k = body;
            while (k < end && a[k] != '_' && a[k] != '.') {
                k++;
            }
            return json(a, body, k);
        }
    },
    /** Discord bot tokens: the first part is the bot's numeric id in base64. */
    DISCORD_ID {
        @Override
        boolean test(byte[] a, int start, int body, int end) {
            int dot = start;
            while (dot < end && a[dot] != '.') {
                dot++;
            }
            byte[] id = decode(a, start, dot);
            if (id == null || id.length < 17) {
                return false;
            }
            for (byte b : id) {
                if (!Ascii.isDigit(b)) {
                    return false;
                }
            }
            return random(a, dot, end);
        }
    };

    abstract boolean test(byte[] a, int start, int body, int end);

    static boolean random(byte[] a, int from, int to) {
        return Ascii.distinct(a, from, to) >= Math.min(10, Math.max(4, (to - from) / 2));
    }

    private static boolean hasDigit(byte[] a, int from, int to) {
        for (int k = from; k < to; k++) {
            if (Ascii.isDigit(a[k])) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasLetter(byte[] a, int from, int to) {
        for (int k = from; k < to; k++) {
            if (Ascii.is(a[k], Ascii.UPPER | Ascii.LOWER)) {
                return true;
            }
        }
        return false;
    }

    /** Base64 (standard or URL alphabet, padding optional) of a JSON object. */
    private static boolean json(byte[] a, int from, int to) {
        byte[] decoded = decode(a, from, to);
        return decoded != null && decoded.length > 2 && decoded[0] == '{';
    }

    private static byte[] decode(byte[] a, int from, int to) {
        int end = to;
        while (end > from && a[end - 1] == '=') {
            end--;
        }
        boolean url = false;
        for (int k = from; k < end; k++) {
            url |= a[k] == '-' || a[k] == '_';
        }
        if ((end - from) % 4 == 1) {
            end--; // a cut-off last character: decode what is complete
        }
        try {
            String text = new String(a, from, end - from, java.nio.charset.StandardCharsets.ISO_8859_1);
            return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
