package dev.gatehouse.audit.checkpoint;

/** A signed checkpoint: tree size, base64 root hash, the C2SP note. */
record CheckpointView(long size, String rootHash, String note) {
}
