-- SSH targets (issue 20): a stored private key, or a user CA whose certificates the vault signs per lease.
ALTER TABLE secrets DROP CONSTRAINT secrets_type_check;
ALTER TABLE secrets ADD CONSTRAINT secrets_type_check
    CHECK (type IN ('BEARER', 'BASIC', 'HEADER', 'POSTGRES_PASSWORD', 'POSTGRES_DYNAMIC', 'SSH_KEY', 'SSH_CA'));
