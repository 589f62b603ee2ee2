package dev.gatehouse.policy.version;

import java.time.Instant;

/** A version's metadata, as the API shows it (the document itself is served as YAML, separately). */
record VersionInfo(long version, String author, Instant createdAt, String sha256, String comment,
                   Long rolledBackFrom) {
}
