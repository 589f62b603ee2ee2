package dev.gatehouse.policy.document;

import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.ReviewSettings;

import java.time.Duration;

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
    }
}
