CREATE TABLE rule (
    id          text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    description text,
    connection  text        NOT NULL DEFAULT '*',
    methods     text[]      NOT NULL DEFAULT '{}',
    path        text        NOT NULL DEFAULT '/**',
    claims      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    verdict     text        NOT NULL CHECK (verdict IN ('ALLOW', 'DENY', 'REVIEW')),
    audit       text        NOT NULL DEFAULT 'WRITE_AHEAD' CHECK (audit IN ('WRITE_AHEAD', 'ASYNC')),
    priority    integer     NOT NULL DEFAULT 100,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
