package dev.gatehouse.policy.document;

import dev.gatehouse.model.Verdict;

/** A rule's action; written lower-case in YAML. */
public enum Action {
    ALLOW, DENY, REVIEW;

    public Verdict verdict() {
        return Verdict.valueOf(name());
    }
}
