package dev.gatehouse.approval.request;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code timeout} of {@code /wait}: {@code 500ms}, {@code 30s}, {@code 2m} or ISO-8601 ({@code PT30S}). */
final class WaitTimeout {

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m)");

    private WaitTimeout() {
    }

    static Duration parse(String text, Duration max) {
        Duration timeout = read(text == null ? "" : text.trim());
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(max) > 0) {
            throw new InvalidApprovalInput("timeout", "a duration such as 30s, above 0 and at most " + max);
        }
        return timeout;
    }

    private static Duration read(String text) {
        Matcher simple = SIMPLE.matcher(text);
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            return switch (simple.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
        try {
            return text.startsWith("PT") || text.startsWith("pt") ? Duration.parse(text) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
