-- Durable timers: one row per case, stage and handling round. The scheduler claims due rows
-- with FOR UPDATE SKIP LOCKED, so replicas share the work and none fires a timer twice.
CREATE TABLE {schema}.timers (
    id            bigserial PRIMARY KEY,
    case_id       text        NOT NULL,
    stage         text        NOT NULL,
    round         integer     NOT NULL,
    kind          text        NOT NULL,
    department    text,
    policy        text        NOT NULL,
    limit_minutes integer     NOT NULL,
    started_at    timestamptz NOT NULL,
    due_at        timestamptz NOT NULL,
    state         text        NOT NULL,  -- running | overdue | stopped | cancelled
    stopped_at    timestamptz,
    fired_at      timestamptz,
    UNIQUE (case_id, stage, round)
);
CREATE INDEX timers_running_due ON {schema}.timers (due_at) WHERE state = 'running';
CREATE INDEX timers_department ON {schema}.timers (department, state);
