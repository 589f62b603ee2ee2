package dev.gatehouse.ledger;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one serialization that is hashed. Rules (also in the README, "Canonical JSON"):
 * <ul>
 *   <li>UTF-8, no whitespace outside strings;</li>
 *   <li>object members sorted by key, comparing UTF-16 code units (as RFC 8785), no duplicate keys;</li>
 *   <li>strings: quotation mark and reverse solidus escaped with a reverse solidus; backspace, form feed,
 *       line feed, carriage return and tab in their two-character short forms; other characters below
 *       U+0020 as a six-character escape with lower-case hex digits; everything else literal;</li>
 *   <li>numbers: integral values as plain decimal integers (no sign for zero, no exponent, no
 *       fraction); others as the shortest plain decimal ({@code BigDecimal.stripTrailingZeros().toPlainString()});</li>
 *   <li>{@code true}, {@code false}, {@code null} literal; array order kept.</li>
 * </ul>
 */
public final class CanonicalJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    public static byte[] bytes(JsonNode node) {
        return string(node).getBytes(StandardCharsets.UTF_8);
    }

    public static String string(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            // String's natural order compares UTF-16 code units, as RFC 8785 sorts; a sorted document is one pass
            String[] names = node.propertyNames().toArray(String[]::new);
            Arrays.sort(names);
            out.append('{');
            for (int i = 0; i < names.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeString(names[i], out);
                out.append(':');
                write(node.get(names[i]), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isString()) {
            writeString(node.asString(), out);
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            out.append(node.longValue()); // what number() writes for an integer, without a BigDecimal
        } else if (node.isNumber()) {
            out.append(number(node.decimalValue()));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else {
            throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    static String number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.signum() == 0) {
            return "0";
        }
        return stripped.scale() <= 0 ? stripped.toBigIntegerExact().toString() : stripped.toPlainString();
    }

    /** Runs of characters that need no escape are appended whole. */
    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(s, run, s.length()).append('"');
    }
}
