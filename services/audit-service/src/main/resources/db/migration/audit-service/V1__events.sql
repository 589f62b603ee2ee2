-- The audit trail as consumed from gatehouse.audit.v1. The event id (UUIDv7, set by the producer)
-- is the primary key, so a redelivered record is stored once (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE events (
    id           uuid PRIMARY KEY,
    session_id   text        NOT NULL,
    seq          bigint      NOT NULL,
    occurred_at  timestamptz NOT NULL,
    kind         text        NOT NULL,
    issuer       text,
    subject      text,
    claims       jsonb,
    connection   text,
    protocol     text,
    operation    jsonb,
    verdict      text,
    rule_id      text,
    approval_id  text,
    masking      jsonb,
    payload      text,
    status       int,
    duration_ms  bigint,
    ingested_at  timestamptz NOT NULL DEFAULT now()
);

-- Keyset pagination, newest first: every search ends in ORDER BY occurred_at DESC, id DESC.
CREATE INDEX events_occurred_at_id_idx ON events (occurred_at DESC, id DESC);
CREATE INDEX events_connection_idx ON events (connection, occurred_at);
CREATE INDEX events_subject_idx ON events (subject, occurred_at);
CREATE INDEX events_verdict_idx ON events (verdict, occurred_at);
CREATE INDEX events_session_seq_idx ON events (session_id, seq);

-- Records that could not be read as an AuditEvent. Kept (not dropped) so an operator can see what
-- a producer sent; keyed by their Kafka coordinates so a redelivery is stored once.
CREATE TABLE rejected_events (
    topic        text        NOT NULL,
    kafka_partition int      NOT NULL,
    kafka_offset bigint      NOT NULL,
    reason       text        NOT NULL,
    raw          text,
    rejected_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, kafka_partition, kafka_offset)
);
