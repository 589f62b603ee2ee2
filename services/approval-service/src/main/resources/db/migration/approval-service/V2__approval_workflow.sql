-- The full workflow: who asked (with the CI claims that identify a run), in which audit session, what
-- exactly (masked operation, masked command text, the proxy's fingerprint), under which rule, how it is
-- reviewed (group, N approvals, expiry, re-use window, channels) and where it stands.
ALTER TABLE approval_requests RENAME COLUMN command_hash TO fingerprint;
ALTER TABLE approval_requests ALTER COLUMN operation DROP NOT NULL;
ALTER TABLE approval_requests DROP CONSTRAINT approval_requests_status_check;
ALTER TABLE approval_requests
    ADD CONSTRAINT approval_requests_status_check
        CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'CANCELLED', 'CONSUMED')),
    ADD COLUMN requester_claims jsonb       NOT NULL DEFAULT '{}',
    ADD COLUMN session_id       text        NOT NULL DEFAULT '',
    -- the last audit sequence number used in session_id: approval-service numbers its events after it
    ADD COLUMN audit_seq        bigint      NOT NULL DEFAULT 0,
    ADD COLUMN protocol         text,
    ADD COLUMN command          text        NOT NULL DEFAULT '',
    ADD COLUMN rule_id          text,
    ADD COLUMN policy_version   bigint,
    ADD COLUMN reviewers        text        NOT NULL DEFAULT 'gatehouse-reviewer',
    -- how long an approval may be re-used for the same fingerprint; 0 = one-time
    ADD COLUMN window_ms        bigint      NOT NULL DEFAULT 0 CHECK (window_ms >= 0),
    ADD COLUMN channels         jsonb       NOT NULL DEFAULT '[]',
    ADD COLUMN decided_at       timestamptz,
    ADD COLUMN window_until     timestamptz,
    ADD COLUMN consumed_at      timestamptz;

CREATE INDEX approval_requests_connection_created ON approval_requests (connection, created_at);
CREATE INDEX approval_requests_subject_created ON approval_requests (requester_subject, created_at);
-- the expiry sweep: pending requests by deadline
CREATE INDEX approval_requests_pending_expiry ON approval_requests (expires_at) WHERE status = 'PENDING';

-- A reviewer is issuer + subject: one vote each per request.
ALTER TABLE approval_decisions ADD COLUMN reviewer_issuer text NOT NULL DEFAULT '';
ALTER TABLE approval_decisions DROP CONSTRAINT approval_decisions_approval_id_reviewer_subject_key;
ALTER TABLE approval_decisions
    ADD CONSTRAINT approval_decisions_one_vote UNIQUE (approval_id, reviewer_issuer, reviewer_subject);

-- Transactional outbox: events are written with the state change that causes them, sent right after
-- the commit, and re-sent by a scheduled round until Kafka acknowledges them.
CREATE TABLE approval_outbox (
    id         bigserial   PRIMARY KEY,
    topic      text        NOT NULL,
    record_key text        NOT NULL,
    value      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz
);

CREATE INDEX approval_outbox_unsent ON approval_outbox (id) WHERE sent_at IS NULL;
