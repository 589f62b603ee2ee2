package dev.gatehouse.policy.decision;

/** The reason a matcher returns when it is not asked to explain: one constant, so deciding allocates nothing. */
final class Mismatch {

    static final String NO = "no match";

    private Mismatch() {
    }
}
