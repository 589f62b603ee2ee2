-- The versioned policy document replaces the per-row connection and rule tables of V1/V2.
DROP TABLE rule;
DROP TABLE connection;

-- One row per policy version; the active version is the highest. Rows are never updated except for
-- the outbox flag: a rollback is a new version that carries an older document.
CREATE TABLE policy_version (
    version          bigint      PRIMARY KEY CHECK (version > 0),
    document         text        NOT NULL,
    sha256           text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    author           text        NOT NULL,
    -- issuer of the author's token (or 'policy-service' for the bootstrap file): the audit identity
    author_issuer    text        NOT NULL,
    comment          text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    rolled_back_from bigint      REFERENCES policy_version (version),
    -- outbox: false until the PolicyChanged and POLICY_CHANGED events were acknowledged by Kafka
    published        boolean     NOT NULL DEFAULT false,
    -- fixed per version, so a re-sent POLICY_CHANGED audit event is recognised as the same event
    audit_event_id   uuid        NOT NULL UNIQUE
);

CREATE INDEX policy_version_unpublished ON policy_version (version) WHERE NOT published;
