-- The shared transactional outbox (service-support's TransactionalOutbox), as approval-service has it:
-- a version's PolicyChanged and POLICY_CHANGED events are written in the transaction that stores the
-- version, sent right after the commit, and re-sent by a scheduled round until Kafka acknowledges them.
-- policy_version.published now means "its events are in this outbox": a version stored before this
-- migration with published = false is handed over by the next round.
CREATE TABLE policy_outbox (
    id         bigserial   PRIMARY KEY,
    topic      text        NOT NULL,
    record_key text        NOT NULL,
    value      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz
);

CREATE INDEX policy_outbox_unsent ON policy_outbox (id) WHERE sent_at IS NULL;
