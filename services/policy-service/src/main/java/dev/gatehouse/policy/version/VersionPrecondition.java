package dev.gatehouse.policy.version;

/**
 * An {@code If-Match} on the active version, for GitOps writers that must not overwrite a version
 * they have not seen: {@code "7"} (the active version must be 7) or {@code *} (some version must be
 * active). {@code null} version and not {@code any}: no precondition.
 */
record VersionPrecondition(Long version, boolean any) {

    static final VersionPrecondition NONE = new VersionPrecondition(null, false);

    /** @throws ActiveVersionMismatch when the active version is not what the caller expects */
    void check(long active) {
        if ((any && active == 0) || (version != null && version != active)) {
            throw new ActiveVersionMismatch(any ? "*" : "\"" + version + "\"", active);
        }
    }
}
