-- An approval request is bound to one exact operation: connection + requester + normalized command hash.
CREATE TABLE approval_requests (
    id                 uuid PRIMARY KEY,
    connection         text        NOT NULL,
    requester_issuer   text        NOT NULL,
    requester_subject  text        NOT NULL,
    operation          jsonb       NOT NULL,
    command_hash       text        NOT NULL,
    status             text        NOT NULL DEFAULT 'PENDING'
                                   CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED')),
    required_approvals int         NOT NULL DEFAULT 1 CHECK (required_approvals >= 1),
    created_at         timestamptz NOT NULL DEFAULT now(),
    expires_at         timestamptz NOT NULL
);

-- The reviewer queue and the expiry sweep both look up by status, oldest first.
CREATE INDEX approval_requests_status_created ON approval_requests (status, created_at);

-- One decision per reviewer per request: N-of-M approvals count distinct reviewers.
CREATE TABLE approval_decisions (
    approval_id      uuid        NOT NULL REFERENCES approval_requests (id) ON DELETE CASCADE,
    reviewer_subject text        NOT NULL,
    decision         text        NOT NULL CHECK (decision IN ('APPROVED', 'REJECTED')),
    comment          text,
    decided_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (approval_id, reviewer_subject)
);
