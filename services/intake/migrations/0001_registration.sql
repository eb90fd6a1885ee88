CREATE TABLE {schema}.categories (
    code       text PRIMARY KEY,
    name       text NOT NULL,
    active     boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE {schema}.case_sequence;

CREATE TABLE {schema}.cases (
    case_id            text PRIMARY KEY,
    tracking_code_hash text NOT NULL,
    channel            text NOT NULL,
    kind               text NOT NULL,
    category           text NOT NULL REFERENCES {schema}.categories (code),
    title              text NOT NULL,
    description        text NOT NULL,
    address            text,
    latitude           double precision,
    longitude          double precision,
    submitter_kind     text NOT NULL,
    submitter_name     text NOT NULL,
    submitter_phone    text,
    enterprise_name    text,
    enterprise_uscc    text,
    registered_at      timestamptz NOT NULL
);
CREATE INDEX cases_category_registered ON {schema}.cases (category, registered_at);

-- The public read model: status and timeline as the submitter sees them, projected from
-- every service's events.
CREATE TABLE {schema}.public_status (
    case_id    text PRIMARY KEY REFERENCES {schema}.cases (case_id),
    status     text NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE {schema}.public_timeline (
    event_id    uuid PRIMARY KEY,
    case_id     text NOT NULL REFERENCES {schema}.cases (case_id),
    occurred_at timestamptz NOT NULL,
    status      text NOT NULL,
    text        text NOT NULL
);
CREATE INDEX public_timeline_case ON {schema}.public_timeline (case_id, occurred_at);
