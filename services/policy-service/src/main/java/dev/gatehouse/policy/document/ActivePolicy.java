package dev.gatehouse.policy.document;

import java.time.Instant;

/** The policy version in force: what the decision endpoint compiles and answers from. */
public record ActivePolicy(long version, PolicyDocument document, String author, Instant activatedAt) {
}
