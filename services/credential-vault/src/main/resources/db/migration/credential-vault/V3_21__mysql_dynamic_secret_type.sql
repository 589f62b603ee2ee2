-- MySQL/MariaDB targets (issue 21): admin credentials from which the vault mints a user per lease.
ALTER TABLE secrets DROP CONSTRAINT secrets_type_check;
ALTER TABLE secrets ADD CONSTRAINT secrets_type_check
    CHECK (type IN ('BEARER', 'BASIC', 'HEADER', 'POSTGRES_PASSWORD', 'POSTGRES_DYNAMIC', 'SSH_KEY', 'SSH_CA',
                    'MYSQL_DYNAMIC'));
