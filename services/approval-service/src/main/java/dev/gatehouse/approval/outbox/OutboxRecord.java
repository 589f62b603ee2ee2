package dev.gatehouse.approval.outbox;

record OutboxRecord(long id, String topic, String key, String value) {
}
