CREATE TABLE {schema}.signals (
    id                bigserial PRIMARY KEY,
    case_id           text        NOT NULL,
    kind              text        NOT NULL,   -- overdue | dissatisfied | unsolved
    department        text,
    detail            text        NOT NULL,
    evidence_event_id uuid        NOT NULL UNIQUE,
    evidence_type     text        NOT NULL,
    observed_at       timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signals_kind_department ON {schema}.signals (kind, department, observed_at);
CREATE INDEX signals_case ON {schema}.signals (case_id);

-- who handles a case now: learnt from dispatch's events, to attribute callback signals
CREATE TABLE {schema}.case_departments (
    case_id    text PRIMARY KEY,
    department text NOT NULL
);
