package dev.gatehouse.pgsql;

import java.nio.charset.StandardCharsets;

/** Identifier rules of PostgreSQL's scanner: ASCII-only down-casing, NAMEDATALEN truncation, U&amp; escapes. */
final class PgIdentifiers {

    /** NAMEDATALEN - 1: longer identifiers are truncated (with a NOTICE), quoted or not. */
    static final int MAX_BYTES = 63;

    private PgIdentifiers() {
    }

    static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    /** PostgreSQL down-cases only A-Z in multi-byte encodings (UTF8). */
    static String downcase(String word) {
        char[] chars = null;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (chars == null) {
                    chars = word.toCharArray();
                }
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return chars == null ? word : new String(chars);
    }

    /** Truncates to 63 UTF-8 bytes without splitting a character, as pg_mbcliplen does. */
    static String truncate(String identifier) {
        if (identifier.length() <= MAX_BYTES / 3 || identifier.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return identifier;
        }
        int bytes = 0;
        int i = 0;
        while (i < identifier.length()) {
            int codePoint = identifier.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_BYTES) {
                break;
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return identifier.substring(0, i);
    }

    /**
     * Decodes the body of {@code U&"..."} with escape character {@code escape}: {@code \XXXX},
     * {@code \+XXXXXX} and {@code \\}. Returns null for an invalid escape, like PostgreSQL's error.
     */
    static String decodeUnicode(String body, char escape) {
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != escape) {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < body.length() && body.charAt(i + 1) == escape) {
                out.append(escape);
                i += 2;
                continue;
            }
            boolean six = i + 1 < body.length() && body.charAt(i + 1) == '+';
            int digitsStart = six ? i + 2 : i + 1;
            int digits = six ? 6 : 4;
            int codePoint = hex(body, digitsStart, digits);
            if (codePoint <= 0 || codePoint > Character.MAX_CODE_POINT) {
                return null;
            }
            i = digitsStart + digits;
            if (Character.isHighSurrogate((char) codePoint) && codePoint <= 0xFFFF) {
                int low = lowSurrogateAt(body, i, escape);
                if (low < 0) {
                    return null;
                }
                codePoint = Character.toCodePoint((char) codePoint, (char) low);
                i += body.charAt(i + 1) == '+' ? 8 : 5;
            } else if (Character.isLowSurrogate((char) codePoint) && codePoint <= 0xFFFF) {
                return null;
            }
            out.appendCodePoint(codePoint);
        }
        return out.toString();
    }

    static boolean isValidUnicodeEscapeCharacter(char c) {
        return !(hexDigit(c) >= 0 || c == '+' || c == '\'' || c == '"' || isSpace(c));
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b';
    }

    private static int lowSurrogateAt(String body, int i, char escape) {
        if (i >= body.length() || body.charAt(i) != escape || i + 1 >= body.length()) {
            return -1;
        }
        boolean six = body.charAt(i + 1) == '+';
        int value = hex(body, six ? i + 2 : i + 1, six ? 6 : 4);
        return value >= 0 && value <= 0xFFFF && Character.isLowSurrogate((char) value) ? value : -1;
    }

    private static int hex(String text, int from, int count) {
        if (from + count > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = hexDigit(text.charAt(i));
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /** ASCII only, like the C library's isxdigit in PostgreSQL's scanner. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
