-- Campaign ledgers (专项整治台账): the opinions collected and the cases tagged into a campaign,
-- each with its disposition (立行立改, 列入专项研究, 重点督办 or the district's own), the
-- responsible unit, a time limit and its progress. Published ledgers show on the public
-- problem list.
CREATE TABLE {schema}.ledgers (
    ledger_id    bigserial   PRIMARY KEY,
    title        text        NOT NULL,
    description  text,
    campaign_id  text,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_by text,
    published_at timestamptz
);
CREATE INDEX ledgers_campaign ON {schema}.ledgers (campaign_id) WHERE campaign_id IS NOT NULL;

CREATE TABLE {schema}.ledger_entries (
    entry_id         bigserial   PRIMARY KEY,
    ledger_id        bigint      NOT NULL REFERENCES {schema}.ledgers (ledger_id),
    source           text        NOT NULL,   -- case | opinion
    case_id          text,
    text             text,
    raised_by        text,
    collected_on     date        NOT NULL,
    disposition      text,
    responsible_unit text,
    time_limit       date,
    progress         text        NOT NULL DEFAULT 'open',   -- open | in_progress | rectified
    outcome          text,
    rectified_at     timestamptz,
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_by       text,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (time_limit IS NULL OR time_limit >= collected_on)
);
CREATE INDEX ledger_entries_ledger ON {schema}.ledger_entries (ledger_id, entry_id);
CREATE INDEX ledger_entries_unit ON {schema}.ledger_entries (responsible_unit)
    WHERE responsible_unit IS NOT NULL;
-- a case is tagged into a ledger once
CREATE UNIQUE INDEX ledger_entries_one_case ON {schema}.ledger_entries (ledger_id, case_id)
    WHERE case_id IS NOT NULL;
