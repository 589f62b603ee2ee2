package dev.gatehouse.proxy.masking.detect;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The checks that turn "looks like" into "is": checksums where the format has one (Luhn, IBAN mod-97),
 * issuing rules (SSN), and for free-form secrets a randomness test, because a false positive breaks the
 * agent's work as surely as a miss leaks.
 */
final class Validators {

    /** IBAN length per country (SWIFT IBAN registry). */
    private static final int[] IBAN_LENGTHS = ibanLengths(
            "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 "
            + "EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 "
            + "JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 "
            + "NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 "
            + "TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30");

    private static final String[] PUBLIC_PREFIXES = {"sk_test_", "rk_test_", "pk_test_", "pk_live_", "pk.", "phc_",
        "sb_publishable_", "AAAAB3NzaC1", "AAAAC3NzaC1", "AAAAE2VjZHNh"};

    private Validators() {
    }

    /** Both bytes must be upper-case letters. */
    static int ibanLength(byte first, byte second) {
        return IBAN_LENGTHS[(first - 'A') * 26 + (second - 'A')];
    }

    /** ISO 13616 check: move the first four characters to the end, letters become 10..35, remainder 1. */
    static boolean ibanChecksum(byte[] chars, int length) {
        int remainder = 0;
        for (int k = 0; k < length; k++) {
            byte c = chars[(k + 4) % length];
            if (Ascii.isDigit(c)) {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (Ascii.isUpper(c)) {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }

    static boolean luhn(byte[] digits, int length) {
        int sum = 0;
        for (int k = 0; k < length; k++) {
            int d = digits[length - 1 - k] - '0';
            if ((k & 1) == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** Issuer identification prefixes and the lengths each network issues. */
    static boolean cardIssuer(byte[] digits, int length) {
        int d1 = digits[0] - '0';
        int d2 = d1 * 10 + digits[1] - '0';
        int d3 = d2 * 10 + digits[2] - '0';
        int d4 = d3 * 10 + digits[3] - '0';
        if (d1 == 4) {
            return length == 13 || length == 16 || length == 19;
        }
        if ((d2 >= 51 && d2 <= 55) || (d4 >= 2221 && d4 <= 2720)) {
            return length == 16;
        }
        if (d2 == 34 || d2 == 37) {
            return length == 15;
        }
        if (d2 == 36 || d2 == 38 || d2 == 39 || (d3 >= 300 && d3 <= 305)) {
            return length >= 14;
        }
        if (d2 == 35 || d1 == 6) {
            return length >= 16;
        }
        return d2 == 50 || (d2 >= 56 && d2 <= 58);
    }

    /** SSA rules: area 001-899 except 666, group 01-99, serial 0001-9999. */
    static boolean ssn(int area, int group, int serial) {
        return area > 0 && area != 666 && area < 900 && group > 0 && serial > 0;
    }

    /** A Basic credential: base64 of printable {@code user:password} with a non-empty user. */
    static boolean basicCredential(byte[] a, int from, int to) {
        if ((to - from) % 4 != 0 || to - from < 8) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(new String(a, from, to - from, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = -1;
        for (int k = 0; k < decoded.length; k++) {
            int c = decoded[k] & 0xff;
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
            if (c == ':' && colon < 0) {
                colon = k;
            }
        }
        return colon > 0;
    }

    /** A JWT/JWS/JWE header: base64url of a JSON object that names its algorithm. */
    static boolean joseHeader(byte[] a, int from, int to) {
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(new String(a, from, to - from, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        String header = new String(decoded, StandardCharsets.UTF_8).strip();
        return header.startsWith("{") && header.contains("\"alg\"");
    }

    /**
     * An opaque token (Bearer, URI-less API keys): long enough, not one character repeated, and mixing
     * letters with digits (or both cases when long): prose words and placeholder names fail this.
     */
    static boolean tokenLike(byte[] a, int from, int to, int minLength) {
        int length = to - from;
        if (length < minLength || Ascii.distinct(a, from, to) < 8 || Placeholders.is(a, from, to)) {
            return false;
        }
        boolean digit = false;
        boolean upper = false;
        boolean lower = false;
        for (int k = from; k < to; k++) {
            digit |= Ascii.isDigit(a[k]);
            upper |= Ascii.isUpper(a[k]);
            lower |= Ascii.is(a[k], Ascii.LOWER);
        }
        return ((upper || lower) && digit) || (upper && lower && length >= 24);
    }

    /**
     * A value assigned to a secret-looking name: at least 6 characters, not a placeholder or reference,
     * and either two character classes or 16+ characters (a passphrase), with some variety.
     */
    static boolean secretValue(byte[] a, int from, int to) {
        int length = to - from;
        if (length < 6 || Placeholders.isOrReference(a, from, to)) {
            return false;
        }
        int distinct = Ascii.distinct(a, from, to);
        return distinct >= 5 && (Ascii.classes(a, from, to) >= 2 || (length >= 16 && distinct >= 8));
    }

    /**
     * A value under a weak name ({@code STRIPE_KEY}, {@code auth}, {@code creds}): token-shaped and random,
     * unlike the ids, paths, words and sentences that such names also hold. 16-512 characters of the
     * base64/token alphabet, letters and digits, >= 12 distinct, and no path ('/' only in padded base64).
     */
    static boolean randomToken(byte[] a, int from, int to) {
        int length = to - from;
        if (length < 16 || length > 512 || Placeholders.isOrReference(a, from, to) || publicKey(a, from, to)) {
            return false;
        }
        int digits = 0;
        int letters = 0;
        boolean slash = false;
        for (int k = from; k < to; k++) {
            byte c = a[k];
            if (Ascii.isDigit(c)) {
                digits++;
            } else if (Ascii.is(c, Ascii.UPPER | Ascii.LOWER)) {
                letters++;
            } else if (c == '/') {
                slash = true;
            } else if ("+=_.~-".indexOf(c) < 0) {
                return false;
            }
        }
        return digits >= 2 && letters >= 4 && Ascii.distinct(a, from, to) >= 12 && (!slash || a[to - 1] == '=');
    }

    /** Keys that are public or for test mode by their own prefix (Stripe, Mapbox, PostHog, an SSH public key). */
    private static boolean publicKey(byte[] a, int from, int to) {
        for (String prefix : PUBLIC_PREFIXES) {
            if (Ascii.startsWith(a, from, to, prefix)) {
                return true;
            }
        }
        return false;
    }

    private static int[] ibanLengths(String table) {
        int[] lengths = new int[26 * 26];
        for (String entry : table.split(" ")) {
            lengths[(entry.charAt(0) - 'A') * 26 + (entry.charAt(1) - 'A')] = Integer.parseInt(entry.substring(2));
        }
        return lengths;
    }
}
