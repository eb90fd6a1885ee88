-- The district's organisation owned by dispatch: sub-units, staff, login throttling, and the
-- record of which district file seeded it. And the full handling lifecycle's facts.

ALTER TABLE {schema}.departments
    ADD COLUMN parent text REFERENCES {schema}.departments (code);

CREATE TABLE {schema}.staff (
    username      text PRIMARY KEY,
    name          text NOT NULL,
    role          text NOT NULL,
    department    text REFERENCES {schema}.departments (code),
    password_hash text NOT NULL,
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- failed logins per username (known or not, so the answer does not reveal which exist)
CREATE TABLE {schema}.login_failures (
    username        text PRIMARY KEY,
    failures        integer NOT NULL,
    last_failure_at timestamptz NOT NULL,
    locked_until    timestamptz
);

-- one row per district file version applied: a file seeds an empty district once; a changed
-- file adds what the database lacks and never overwrites edits made through the API
CREATE TABLE {schema}.district_seeds (
    sha256        text PRIMARY KEY,
    district_code text NOT NULL,
    applied_at    timestamptz NOT NULL
);

ALTER TABLE {schema}.cases
    ADD COLUMN returns                integer NOT NULL DEFAULT 0,
    ADD COLUMN extensions_granted     integer NOT NULL DEFAULT 0,
    ADD COLUMN extension_days_granted integer NOT NULL DEFAULT 0,
    ADD COLUMN pending_extension      jsonb,
    ADD COLUMN queued_reason          text;
CREATE INDEX cases_state ON {schema}.cases (state, updated_at);
CREATE INDEX cases_co_handlers ON {schema}.cases USING gin (co_handlers);

ALTER TABLE {schema}.case_actions
    ADD COLUMN department text,
    ADD COLUMN detail     jsonb NOT NULL DEFAULT '{}';

-- every return (退单) and the dispatcher's ruling on it: the bounce from -> to
CREATE TABLE {schema}.case_returns (
    id              bigserial PRIMARY KEY,
    case_id         text NOT NULL REFERENCES {schema}.cases (case_id),
    seq             integer NOT NULL,
    from_department text NOT NULL,
    reason          text NOT NULL,
    returned_by     text NOT NULL,
    returned_at     timestamptz NOT NULL,
    decision        text,
    to_department   text,
    decided_by      text,
    decided_at      timestamptz,
    UNIQUE (case_id, seq)
);
CREATE INDEX case_returns_pair ON {schema}.case_returns (from_department, to_department);

CREATE TABLE {schema}.co_handler_opinions (
    case_id    text NOT NULL REFERENCES {schema}.cases (case_id),
    round      integer NOT NULL,
    department text NOT NULL,
    opinion    text NOT NULL,
    actor      text NOT NULL,
    filed_at   timestamptz NOT NULL,
    PRIMARY KEY (case_id, round, department)
);
