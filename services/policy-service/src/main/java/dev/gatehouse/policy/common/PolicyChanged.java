package dev.gatehouse.policy.common;

/**
 * Published after an admin write to connections or rules commits, so the in-memory snapshot the
 * decision endpoint uses is rebuilt before the write's response goes out.
 */
public record PolicyChanged(String kind, String id) {
}
