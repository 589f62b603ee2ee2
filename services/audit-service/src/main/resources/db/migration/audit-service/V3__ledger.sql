-- Tamper evidence (README "Tamper evidence"). Every event gets a leaf in an append-only Merkle log
-- (RFC 6962 hashing) whose leaf hash is also the event's link in its session's hash chain.
-- payload_salt/payload_hash let retention null the payload while proofs keep verifying.
ALTER TABLE events
    ADD COLUMN leaf_index   bigint UNIQUE,
    ADD COLUMN payload_salt bytea,
    ADD COLUMN payload_hash bytea,
    ADD COLUMN prev_hash    bytea;

-- Leaf hashes by index: enough to compute any root and proof; complete subtrees are cached in memory.
CREATE TABLE merkle_leaves (
    leaf_index bigint PRIMARY KEY CHECK (leaf_index >= 0),
    event_id   uuid  NOT NULL UNIQUE,
    leaf_hash  bytea NOT NULL CHECK (octet_length(leaf_hash) = 32)
);

-- The chain hash of each session's latest event, i.e. the next event's prev_hash.
CREATE TABLE session_heads (
    session_id text PRIMARY KEY,
    chain_hash bytea NOT NULL
);

-- Signed checkpoints (C2SP tlog-checkpoint notes), one per tree size.
CREATE TABLE checkpoints (
    tree_size  bigint PRIMARY KEY,
    root_hash  bytea       NOT NULL,
    note       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
