package dev.gatehouse.policy.version;

import java.util.UUID;

/** A whole {@code policy_version} row. */
record StoredVersion(VersionInfo info, String document, String authorIssuer, UUID auditEventId, boolean published) {

    long version() {
        return info.version();
    }
}
