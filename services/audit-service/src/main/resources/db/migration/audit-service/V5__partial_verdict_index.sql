-- Issue 16: fewer index entries per ingested event. Most events are ALLOWed (or carry no verdict, such
-- as a session start), and a search for verdict=ALLOW finds its page in the newest rows of the
-- (occurred_at DESC, id DESC) index without help. The verdict index earns its keep only for the rare
-- verdicts (DENY, REVIEW), so it now holds only those, in keyset order (no sort step for a page).
-- EventRepository repeats "verdict <> 'ALLOW'" as fixed text so that PostgreSQL can prove a prepared
-- (generic) plan matches this index's predicate.
DROP INDEX events_verdict_idx;
CREATE INDEX events_verdict_idx ON events (verdict, occurred_at DESC, id DESC) WHERE verdict <> 'ALLOW';
