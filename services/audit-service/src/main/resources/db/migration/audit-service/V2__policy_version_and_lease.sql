-- Which policy version decided an event, and which vault lease's credential reached the target.
ALTER TABLE events ADD COLUMN policy_version bigint;
ALTER TABLE events ADD COLUMN lease_id text;
CREATE INDEX events_lease_id_idx ON events (lease_id) WHERE lease_id IS NOT NULL;
