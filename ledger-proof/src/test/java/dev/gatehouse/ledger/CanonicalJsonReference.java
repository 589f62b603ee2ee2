package dev.gatehouse.ledger;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link CanonicalJson} as it was before it was made faster, kept as the oracle {@code CanonicalJsonDifferentialTests}
 * holds the current writer to, byte for byte: every stored leaf's hash depends on these bytes. Rules (also in the README, "Canonical JSON"):
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
final class CanonicalJsonReference {

    private CanonicalJsonReference() {
    }

    static byte[] bytes(JsonNode node) {
        return string(node).getBytes(StandardCharsets.UTF_8);
    }

    static String string(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
            members.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeString(members.get(i).getKey(), out);
                out.append(':');
                write(members.get(i).getValue(), out);
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

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
