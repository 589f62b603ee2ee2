-- Secret types beyond BEARER/BASIC, clear-text settings bound to the ciphertext, and the sealing format:
-- 1 = first version (both layers bound to connection + key id), 2 = metadata bound, data key re-wrappable.
ALTER TABLE secrets DROP CONSTRAINT secrets_type_check;
ALTER TABLE secrets ADD CONSTRAINT secrets_type_check
    CHECK (type IN ('BEARER', 'BASIC', 'HEADER', 'POSTGRES_PASSWORD', 'POSTGRES_DYNAMIC'));
-- text, not jsonb: the exact string is authenticated data, and jsonb would reorder it.
ALTER TABLE secrets ADD COLUMN settings text;
ALTER TABLE secrets ADD COLUMN format smallint NOT NULL DEFAULT 1 CHECK (format IN (1, 2));
ALTER TABLE secrets ALTER COLUMN format DROP DEFAULT;
-- Rotation finds the rows still wrapped by an old key, and GET /api/v1/keys counts rows per key.
CREATE INDEX secrets_key_id ON secrets (key_id);

-- Lease lifecycle. A dynamic lease is written PENDING before its role exists on the target, so a vault
-- that dies mid-issuance leaves a row the sweeper finishes. Never the credential or its password.
ALTER TABLE leases ADD COLUMN secret_type text;
ALTER TABLE leases ADD COLUMN dynamic boolean NOT NULL DEFAULT false;
ALTER TABLE leases ADD COLUMN role_name text;
ALTER TABLE leases ADD COLUMN session_id text;
ALTER TABLE leases ADD COLUMN caller_issuer text;
ALTER TABLE leases ADD COLUMN caller_subject text;
ALTER TABLE leases ADD COLUMN ttl_seconds bigint;
ALTER TABLE leases ADD COLUMN max_expires_at timestamptz;
ALTER TABLE leases ADD COLUMN state text NOT NULL DEFAULT 'ACTIVE'
    CHECK (state IN ('PENDING', 'ACTIVE', 'REVOKING', 'REVOKED', 'EXPIRED', 'FAILED'));
ALTER TABLE leases ADD COLUMN revoked_at timestamptz;
ALTER TABLE leases ADD COLUMN revoke_reason text;
ALTER TABLE leases ADD COLUMN revoke_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE leases ADD COLUMN last_error text;
-- false while the CREDENTIAL_REVOKED event still has to reach Kafka (the sweeper retries it)
ALTER TABLE leases ADD COLUMN revocation_audited boolean NOT NULL DEFAULT true;

UPDATE leases SET secret_type = s.type FROM secrets s WHERE s.connection = leases.connection;
UPDATE leases SET secret_type = 'BEARER' WHERE secret_type IS NULL;
UPDATE leases SET ttl_seconds = greatest(1, extract(epoch FROM expires_at - issued_at)::bigint),
                  max_expires_at = expires_at;
UPDATE leases SET state = 'EXPIRED' WHERE expires_at <= now();
ALTER TABLE leases ALTER COLUMN secret_type SET NOT NULL;
ALTER TABLE leases ALTER COLUMN ttl_seconds SET NOT NULL;
ALTER TABLE leases ALTER COLUMN max_expires_at SET NOT NULL;
ALTER TABLE leases ALTER COLUMN state DROP DEFAULT;

CREATE UNIQUE INDEX leases_role_name ON leases (role_name) WHERE role_name IS NOT NULL;
CREATE INDEX leases_due ON leases (expires_at) WHERE state IN ('PENDING', 'ACTIVE', 'REVOKING');
CREATE INDEX leases_live_by_connection ON leases (connection) WHERE state IN ('PENDING', 'ACTIVE', 'REVOKING');
CREATE INDEX leases_unaudited ON leases (revoked_at) WHERE NOT revocation_audited;
