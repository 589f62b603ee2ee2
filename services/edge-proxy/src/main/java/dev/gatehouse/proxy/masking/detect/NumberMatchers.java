package dev.gatehouse.proxy.masking.detect;

/**
 * Personal numbers: payment cards, US SSNs, phone numbers and IBANs. Numbers are everywhere in data
 * (ids, timestamps, amounts, versions), so each shape is strict about its grouping and always backed by
 * the format's own rule: Luhn and an issuer prefix for cards, the SSA rules for SSNs, NANP rules or a
 * leading '+' for phones, the country length and mod-97 for IBANs.
 */
public final class NumberMatchers {

    private static final int MAX_GROUPS = 6;

    private NumberMatchers() {
    }

    /** At a digit that starts a word: a digit group sequence with one consistent separator. */
    public static void atDigit(byte[] a, int lo, int i, int limit, boolean[] on, Matches out) {
        if (i - 2 >= lo && a[i - 1] == '.' && Ascii.isDigit(a[i - 2])) {
            return; // the fraction of a decimal number (not ',': CSV is far more common than decimal commas)
        }
        int firstEnd = Ascii.run(a, i, limit, Ascii.DIGIT, 20);
        if (firstEnd - i < 13 && firstEnd - i != 9 && !(firstEnd + 1 < limit && (a[firstEnd] == ' ' || a[firstEnd] == '-'
                || a[firstEnd] == '.') && Ascii.isDigit(a[firstEnd + 1]))) {
            return; // the common case: a short number on its own
        }
        int[] groups = new int[MAX_GROUPS];
        byte[] digits = new byte[19];
        int count = 0;
        int total = 0;
        byte sep = 0;
        int k = i;
        while (true) {
            int end = Ascii.run(a, k, limit, Ascii.DIGIT, 20);
            int length = end - k;
            if (total + length > 19) {
                return;
            }
            System.arraycopy(a, k, digits, total, length);
            total += length;
            groups[count++] = length;
            k = end;
            boolean more = k + 1 < limit && (a[k] == ' ' || a[k] == '-' || a[k] == '.') && (sep == 0 || a[k] == sep)
                    && Ascii.isDigit(a[k + 1]) && count < MAX_GROUPS;
            if (!more) {
                break;
            }
            sep = a[k++];
        }
        if (total < 9 || (k < limit && Ascii.isAlnum(a[k]))) {
            return;
        }
        if (on[Detector.CARD.ordinal()] && total >= 13 && sep != '.' && cardGroups(groups, count)
                && Validators.cardIssuer(digits, total) && Validators.luhn(digits, total)) {
            out.add(i, k, Detector.CARD);
        } else if (on[Detector.SSN.ordinal()] && count == 3 && sep == '-' && groups[0] == 3 && groups[1] == 2
                && groups[2] == 4 && Validators.ssn(number(digits, 0, 3), number(digits, 3, 2), number(digits, 5, 4))) {
            out.add(i, k, Detector.SSN);
        } else if (on[Detector.SSN.ordinal()] && count == 1 && total == 9 && ssnContext(a, lo, i)
                && Validators.ssn(number(digits, 0, 3), number(digits, 3, 2), number(digits, 5, 4))) {
            out.add(i, k, Detector.SSN); // nine bare digits only right after "ssn" / "social security"
        } else if (on[Detector.PHONE.ordinal()] && nanp(groups, count, digits)) {
            out.add(i, k, Detector.PHONE);
        }
    }

    /** At '+' (international) or '(' (NANP area code in parentheses); phone is opt-in. */
    static void atPhonePunct(byte[] a, int lo, int i, int limit, Matches out) {
        if ((i > lo && Ascii.isAlnum(a[i - 1])) || i + 1 >= limit || a[i + 1] < '1' || a[i + 1] > '9') {
            return;
        }
        int end = a[i] == '(' ? parenthesised(a, i, limit) : international(a, i, limit);
        if (end > 0 && (end >= limit || !Ascii.isAlnum(a[end]))) {
            out.add(i, end, Detector.PHONE);
        }
    }

    /** {@code +CC ...}: 8 to 15 digits, single separators (space - . parentheses) between them. */
    private static int international(byte[] a, int i, int limit) {
        int k = i + 1;
        int total = 0;
        int end = -1;
        int seps = 0;
        while (k < limit && total <= 15) {
            byte c = a[k];
            if (Ascii.isDigit(c)) {
                total++;
                end = ++k;
                seps = 0;
            } else if ((c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') && seps < 2) {
                seps++;
                k++;
            } else {
                break;
            }
        }
        return total >= 8 && total <= 15 ? end : -1;
    }

    /** {@code (415) 555-0132}, {@code (415)555.0132}: area and exchange start with 2-9. */
    private static int parenthesised(byte[] a, int i, int limit) {
        if (i + 13 > limit || a[i + 1] < '2' || Ascii.run(a, i + 1, limit, Ascii.DIGIT, 3) != i + 4 || a[i + 4] != ')') {
            return -1;
        }
        int k = a[i + 5] == ' ' ? i + 6 : i + 5;
        if (k + 8 > limit || a[k] < '2' || Ascii.run(a, k, limit, Ascii.DIGIT, 3) != k + 3) {
            return -1;
        }
        byte sep = a[k + 3];
        if ((sep != '-' && sep != '.' && sep != ' ') || Ascii.run(a, k + 4, limit, Ascii.DIGIT, 4) != k + 8) {
            return -1;
        }
        return k + 8;
    }

    /** At an upper-case letter that starts a word followed by a letter and two digits. */
    static void atUpper(byte[] a, int i, int limit, Matches out) {
        if (i + 15 > limit || !Ascii.isUpper(a[i + 1]) || !Ascii.isDigit(a[i + 2]) || !Ascii.isDigit(a[i + 3])) {
            return;
        }
        int length = Validators.ibanLength(a[i], a[i + 1]);
        if (length == 0) {
            return;
        }
        boolean grouped = a[i + 4] == ' ';
        byte[] chars = new byte[length];
        int n = 0;
        int k = i;
        while (n < length && k < limit) {
            byte c = a[k];
            if (Ascii.isDigit(c) || Ascii.isUpper(c)) {
                chars[n++] = c;
                k++;
            } else if (grouped && c == ' ' && n % 4 == 0 && k + 1 < limit && Ascii.isAlnum(a[k + 1])) {
                k++;
            } else {
                return;
            }
        }
        if (n == length && (k >= limit || !Ascii.isAlnum(a[k])) && Validators.ibanChecksum(chars, length)) {
            out.add(i, k, Detector.IBAN);
        }
    }

    private static boolean ssnContext(byte[] a, int lo, int i) {
        int from = Math.max(lo, i - 24);
        for (int k = i - 3; k >= from; k--) {
            if (Ascii.startsWithIgnoreCase(a, k, i, "ssn") || Ascii.startsWithIgnoreCase(a, k, i, "social security")) {
                return true;
            }
        }
        return false;
    }

    private static boolean cardGroups(int[] g, int count) {
        return switch (count) {
            case 1 -> true;
            case 3 -> g[0] == 4 && g[1] == 6 && (g[2] == 5 || g[2] == 4);
            case 4 -> g[0] == 4 && g[1] == 4 && g[2] == 4 && g[3] >= 1 && g[3] <= 4;
            case 5 -> g[0] == 4 && g[1] == 4 && g[2] == 4 && g[3] == 4 && g[4] <= 3;
            default -> false;
        };
    }

    /** 3-3-4 or 1-3-3-4 (leading country code 1); area and exchange start with 2-9. */
    private static boolean nanp(int[] g, int count, byte[] digits) {
        int offset = count == 4 && g[0] == 1 && digits[0] == '1' ? 1 : 0;
        if (count - offset != 3 || g[offset] != 3 || g[offset + 1] != 3 || g[offset + 2] != 4) {
            return false;
        }
        return digits[offset] >= '2' && digits[offset + 3] >= '2';
    }

    private static int number(byte[] digits, int from, int length) {
        int value = 0;
        for (int k = from; k < from + length; k++) {
            value = value * 10 + digits[k] - '0';
        }
        return value;
    }
}
