package dev.gatehouse.vault.keys;

import java.util.List;
import java.util.Map;

/**
 * Answer of {@code POST /api/v1/keys/rotate}. {@code unreadable} lists connections whose rows did not
 * decrypt and stayed as they were; {@code secretsByKeyId} is the state after the run.
 */
record RotationResult(String activeKeyId, int rewrapped, List<String> unreadable, Map<String, Long> secretsByKeyId) {
}
