-- Classification decisions: what the classifier suggested for a case and the category it was
-- finally filed under, so that live accuracy can be measured. A case may be decided more than
-- once (a dispatcher corrects a clerk); the latest decision counts.
CREATE TABLE {schema}.classifications (
    id         bigserial PRIMARY KEY,
    -- deferred: the submission may record its decision before it inserts the case row
    case_id    text NOT NULL REFERENCES {schema}.cases (case_id) DEFERRABLE INITIALLY DEFERRED,
    suggested  text NOT NULL,
    confidence double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    final      text NOT NULL,
    decided_by text NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX classifications_case ON {schema}.classifications (case_id, at DESC, id DESC);
CREATE INDEX classifications_at ON {schema}.classifications (at);

-- Open311 API keys: only a SHA-256 of the key is kept (keys are 32 random bytes, so a fast
-- hash is enough); the prefix lets an administrator tell keys apart.
CREATE TABLE {schema}.open311_keys (
    id           bigserial PRIMARY KEY,
    name         text NOT NULL,
    key_hash     text NOT NULL UNIQUE,
    key_prefix   text NOT NULL,
    created_by   text NOT NULL,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

-- What an Open311 submission adds to its case: the token, the client's key, the e-mail
-- address and media URL (the case row has no place for them).
CREATE TABLE {schema}.open311_requests (
    case_id    text PRIMARY KEY REFERENCES {schema}.cases (case_id),
    token      uuid NOT NULL UNIQUE,
    api_key_id bigint REFERENCES {schema}.open311_keys (id),
    email      text,
    media_url  text,
    created_at timestamptz NOT NULL
);

