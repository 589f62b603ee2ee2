-- One secret per connection, sealed with envelope encryption (see EnvelopeCipher).
CREATE TABLE secrets (
    connection  text PRIMARY KEY,
    type        text        NOT NULL CHECK (type IN ('BEARER', 'BASIC')),
    username    text,
    ciphertext  bytea       NOT NULL,
    nonce       bytea       NOT NULL,
    wrapped_key bytea       NOT NULL,
    key_nonce   bytea       NOT NULL,
    key_id      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- Who got which connection's credential and until when; never the credential itself.
-- No foreign key: the history outlives a deleted secret.
CREATE TABLE leases (
    lease_id   uuid PRIMARY KEY,
    connection text        NOT NULL,
    issued_to  text        NOT NULL,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX leases_connection_issued_at ON leases (connection, issued_at);
