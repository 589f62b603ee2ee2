-- The MCP tool definitions Gatehouse accepts (tool-definition pinning), shared by every proxy replica:
-- the first definition any replica sees is pinned ('first-sight'); a different one is refused and kept
-- in offered_hash for an admin, who re-approves a changed tool by pinning its hash (pinned_by names them).
CREATE TABLE tool_pins (
    connection   text        NOT NULL,
    tool         text        NOT NULL,
    hash         text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    pinned_by    text        NOT NULL,
    pinned_at    timestamptz NOT NULL DEFAULT now(),
    offered_hash text        CHECK (offered_hash ~ '^[0-9a-f]{64}$'),
    offered_at   timestamptz,
    PRIMARY KEY (connection, tool)
);
