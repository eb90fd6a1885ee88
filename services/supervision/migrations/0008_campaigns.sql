-- Evaluation campaigns (三项评议): who rates whom, over which days, with which questionnaire
-- and weights; the invitation codes residents answer with (kept as hashes), the responses
-- (one per invitation code, credit code or office: rater_key), and the public commitments
-- (公开承诺) of the departments summoned for a talk (约谈) when a campaign closed.
CREATE TABLE {schema}.campaigns (
    campaign_id   text        PRIMARY KEY,
    title         text        NOT NULL,
    kind          text        NOT NULL,
    targets       text[]      NOT NULL,
    opens_on      date        NOT NULL,
    closes_on     date        NOT NULL,
    questionnaire jsonb       NOT NULL,
    weights       jsonb       NOT NULL,
    min_responses integer     NOT NULL,
    threshold     numeric     NOT NULL,
    status        text        NOT NULL DEFAULT 'draft',   -- draft | open | closed
    ledger_id     bigint,
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    opened_at     timestamptz,
    closed_at     timestamptz,
    closed_by     text
);
CREATE INDEX campaigns_closed ON {schema}.campaigns (closed_at DESC) WHERE status = 'closed';

CREATE TABLE {schema}.campaign_invitations (
    campaign_id text        NOT NULL REFERENCES {schema}.campaigns (campaign_id),
    code_hash   text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    used_at     timestamptz,
    PRIMARY KEY (campaign_id, code_hash)
);

CREATE TABLE {schema}.campaign_responses (
    response_id  text        PRIMARY KEY,
    campaign_id  text        NOT NULL REFERENCES {schema}.campaigns (campaign_id),
    rater_kind   text        NOT NULL,   -- resident | enterprise | office
    rater_key    text        NOT NULL,   -- invitation code hash | credit code | office code
    rater_name   text,
    ratings      jsonb       NOT NULL,
    problems     jsonb       NOT NULL,
    submitted_by text,
    submitted_at timestamptz NOT NULL,
    UNIQUE (campaign_id, rater_key)
);

CREATE TABLE {schema}.commitments (
    commitment_id text        PRIMARY KEY,
    campaign_id   text        NOT NULL REFERENCES {schema}.campaigns (campaign_id),
    department    text        NOT NULL,
    record_id     text        NOT NULL,   -- the 约谈 in accountability_records
    overall       numeric,
    text          text,
    written_by    text,
    written_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, department)
);
