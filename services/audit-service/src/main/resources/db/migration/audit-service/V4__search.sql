-- Search, replay and retention (README "Search, replay, retention, export").

-- Retention nulls payloads and records when; the row and every other column stay (Merkle leaves commit
-- to payload_hash, not to payload, so proofs keep verifying).
ALTER TABLE events ADD COLUMN payload_deleted_at timestamptz;

-- Full-text over the masked payload. 'simple' keeps tokens as written (identifiers, paths, error
-- codes are not English words) and makes the expression immutable, as a generated column requires.
-- A nulled payload yields an empty vector, so expired payloads drop out of text search by themselves.
ALTER TABLE events ADD COLUMN payload_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(payload, ''))) STORED;
CREATE INDEX events_payload_tsv_idx ON events USING gin (payload_tsv);

-- Any stored claim: claims @> '{"run_id":"42"}' uses this index.
CREATE INDEX events_claims_idx ON events USING gin (claims jsonb_path_ops);
-- The dashboard's most common claim, in keyset order so "newest for a repository" reads one index range.
CREATE INDEX events_repository_idx ON events ((claims ->> 'repository'), occurred_at DESC, id DESC);

-- Subject + time range, newest first, without a sort step (V1's index lacks the id tie-breaker).
CREATE INDEX events_subject_keyset_idx ON events (subject, occurred_at DESC, id DESC);
DROP INDEX events_subject_idx;

CREATE INDEX events_rule_idx ON events (rule_id, occurred_at) WHERE rule_id IS NOT NULL;
CREATE INDEX events_approval_idx ON events (approval_id) WHERE approval_id IS NOT NULL;

-- The retention job's scan: payloads still present, per connection, oldest first.
CREATE INDEX events_retention_idx ON events (connection, occurred_at) WHERE payload IS NOT NULL;
