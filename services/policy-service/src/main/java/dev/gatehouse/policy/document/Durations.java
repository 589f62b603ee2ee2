package dev.gatehouse.policy.document;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as policies write them: {@code 30s}, {@code 10m}, {@code 1h30m}, or ISO-8601 {@code PT10M}. */
final class Durations {

    private static final Pattern SHORT = Pattern.compile("(?:([0-9]{1,6})h)?(?:([0-9]{1,6})m)?(?:([0-9]{1,6})s)?");
    private static final Pattern ISO = Pattern.compile(
            "P(?:[0-9]{1,6}D)?(?:T(?=[0-9])(?:[0-9]{1,6}H)?(?:[0-9]{1,6}M)?(?:[0-9]{1,6}(?:\\.[0-9]{1,9})?S)?)?");

    private Durations() {
    }

    static Optional<Duration> parse(String text) {
        if (text == null || text.length() < 2) {
            return Optional.empty();
        }
        Matcher shortForm = SHORT.matcher(text);
        if (shortForm.matches()) {
            return Optional.of(Duration.ofHours(number(shortForm.group(1)))
                    .plusMinutes(number(shortForm.group(2))).plusSeconds(number(shortForm.group(3))));
        }
        if (ISO.matcher(text).matches()) {
            return Optional.of(Duration.parse(text));
        }
        return Optional.empty();
    }

    /** {@code 10m}, {@code 1h30m}, {@code 45s}: how errors and the API show a duration. */
    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        StringBuilder text = new StringBuilder();
        if (seconds / 3600 > 0) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 / 60 > 0) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 > 0 || text.isEmpty()) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
