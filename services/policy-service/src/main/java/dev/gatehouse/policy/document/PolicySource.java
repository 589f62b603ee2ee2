package dev.gatehouse.policy.document;

import java.util.Optional;

/**
 * Where the decision side reads the active policy from. {@link #activeVersion()} is cheap (polled
 * to notice versions written through other replicas); {@link #active()} loads and parses the document.
 * Implemented by the version store; after activating a version in this instance it also publishes
 * {@link PolicyActivated} as a Spring application event, after the commit.
 */
public interface PolicySource {

    /** The active version number, 0 when no policy has been stored yet. */
    long activeVersion();

    Optional<ActivePolicy> active();

    /** Spring application event: a new version is active (committed). */
    record PolicyActivated(long version) {
    }
}
