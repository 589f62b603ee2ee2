package dev.gatehouse.support.outbox;

/** One stored event: {@code value} is the JSON text sent as the Kafka record's value. */
record OutboxRecord(long id, String topic, String key, String value) {
}
