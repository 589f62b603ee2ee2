package dev.gatehouse.policy.document;

import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.ReviewSettings;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** The {@code masking} and {@code review} blocks, in {@code defaults} and in rules alike. */
final class BlockValidator {

    static final int MAX_APPROVALS = 10;
    static final Duration MIN_EXPIRY = Duration.ofMinutes(1);
    static final Duration MAX_EXPIRY = Duration.ofHours(24);

    private final Checks checks;

    BlockValidator(Checks checks) {
        this.checks = checks;
    }

    /** A detector name the proxy does not know would silently mask nothing: refuse it here. */
    void masking(String path, MaskingDirectives masking) {
        if (masking == null) {
            return;
        }
        checks.notBlanks(FieldPaths.key(path, "fields"), masking.fields());
        checks.notBlanks(FieldPaths.key(path, "columns"), masking.columns());
        checks.oneOf(FieldPaths.key(path, "detectors"), masking.detectors(), DETECTORS, "masking detector");
    }

    private static final java.util.Set<String> DETECTORS = java.util.Set.copyOf(MaskingDirectives.DETECTOR_NAMES);

    void review(String path, ReviewSettings review) {
        if (review == null) {
            return;
        }
        String reviewers = FieldPaths.key(path, "reviewers");
        if (checks.notBlank(reviewers, review.reviewers()) && review.reviewers().chars().anyMatch(Character::isWhitespace)) {
            checks.fail(reviewers, "must be one group name");
        }
        if (review.approvals() < 1 || review.approvals() > MAX_APPROVALS) {
            checks.fail(FieldPaths.key(path, "approvals"), "must be between 1 and " + MAX_APPROVALS);
        }
        if (review.expiry().compareTo(MIN_EXPIRY) < 0 || review.expiry().compareTo(MAX_EXPIRY) > 0) {
            checks.fail(FieldPaths.key(path, "expiry"), "must be between 1m and 24h, not " + Durations.format(review.expiry()));
        }
        if (review.window().compareTo(MAX_EXPIRY) > 0) {
            checks.fail(FieldPaths.key(path, "window"), "must be at most 24h, not " + Durations.format(review.window()));
        }
        List<String> channels = review.channels();
        for (int i = 0; i < channels.size(); i++) {
            // A name, never the webhook URL itself: URLs are secrets and live in approval-service's configuration.
            if (channels.get(i) == null || !CHANNEL.matcher(channels.get(i)).matches()) {
                checks.fail(FieldPaths.index(FieldPaths.key(path, "notify"), i),
                        "must be a notification channel name (" + CHANNEL.pattern() + ") configured in approval-service");
            }
        }
    }

    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
}
