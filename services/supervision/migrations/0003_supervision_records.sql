-- What supervisors decide and departments answer: owned by supervision, announced on its topic.
-- source_event_id is the deadline escalation an automatic record came from: one record per
-- escalation, whatever the redeliveries.
CREATE TABLE {schema}.urges (
    urge_id            text        PRIMARY KEY,
    case_id            text        NOT NULL,
    department         text,
    source             text        NOT NULL,   -- escalation | manual
    reason             text        NOT NULL,
    evidence_event_ids text[]      NOT NULL DEFAULT '{}',
    source_event_id    uuid        UNIQUE,
    actor              text        NOT NULL,
    urged_at           timestamptz NOT NULL
);
CREATE INDEX urges_case ON {schema}.urges (case_id);

CREATE TABLE {schema}.supervision_orders (
    order_id           text        PRIMARY KEY,
    case_id            text        NOT NULL,
    department         text        NOT NULL,
    demand             text        NOT NULL,
    respond_by         timestamptz NOT NULL,
    evidence_event_ids text[]      NOT NULL DEFAULT '{}',
    source_event_id    uuid        UNIQUE,
    actor              text        NOT NULL,
    issued_at          timestamptz NOT NULL,
    response           text,
    answered_by        text,
    answered_at        timestamptz
);
CREATE INDEX supervision_orders_department ON {schema}.supervision_orders (department, issued_at);
CREATE INDEX supervision_orders_case ON {schema}.supervision_orders (case_id);

CREATE TABLE {schema}.joint_meetings (
    meeting_id  text        PRIMARY KEY,
    case_id     text        NOT NULL,
    departments text[]      NOT NULL,
    attendees   jsonb       NOT NULL,   -- [{name, department}]
    decisions   jsonb       NOT NULL,   -- [{decision, owner, due}]
    actor       text        NOT NULL,
    held_at     timestamptz NOT NULL
);
CREATE INDEX joint_meetings_case ON {schema}.joint_meetings (case_id);

CREATE TABLE {schema}.accountability_records (
    record_id          text        PRIMARY KEY,
    case_id            text        NOT NULL,
    department         text        NOT NULL,
    measure            text        NOT NULL,   -- admonition_talk | notice | disciplinary_referral
    reason             text        NOT NULL,
    evidence_event_ids text[]      NOT NULL,
    source_event_id    uuid        UNIQUE,
    actor              text        NOT NULL,
    recorded_at        timestamptz NOT NULL
);
CREATE INDEX accountability_department ON {schema}.accountability_records (department, recorded_at);

CREATE TABLE {schema}.buck_passing (
    case_id            text        NOT NULL,
    rule               text        NOT NULL,   -- too_many_returns | bounced:<a>|<b>
    departments        text[]      NOT NULL,
    returns_in_case    int         NOT NULL,
    evidence_event_ids text[]      NOT NULL,
    detected_at        timestamptz NOT NULL,
    PRIMARY KEY (case_id, rule)
);

CREATE TABLE {schema}.appeals (
    appeal_id       text        PRIMARY KEY,
    case_id         text        NOT NULL,
    department      text        NOT NULL,
    reason          text        NOT NULL,
    filed_by        text        NOT NULL,
    filed_at        timestamptz NOT NULL,
    status          text        NOT NULL DEFAULT 'pending',   -- pending | upheld | rejected
    decision_reason text,
    decided_by      text,
    decided_at      timestamptz
);
-- one open appeal per case and department; a decided one may not be filed again
CREATE UNIQUE INDEX appeals_one_per_case_department ON {schema}.appeals (case_id, department);

CREATE TABLE {schema}.problem_items (
    item_id          bigserial   PRIMARY KEY,
    title            text        NOT NULL,
    responsible_unit text        NOT NULL,
    time_limit       date        NOT NULL,
    linked_cases     text[]      NOT NULL DEFAULT '{}',
    status           text        NOT NULL DEFAULT 'open',   -- open | in_progress | done
    outcome          text,
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
