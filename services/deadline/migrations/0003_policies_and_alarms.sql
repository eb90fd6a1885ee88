-- The district's time-limit table, versioned: every edit inserts a whole new version; a
-- timer keeps the version and the rule it was computed with.
CREATE TABLE {schema}.policy_versions (
    version    integer PRIMARY KEY,
    document   jsonb       NOT NULL,  -- {warning_fractions, escalation, rules}
    source     text        NOT NULL,  -- the seed file, or "api"
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A timer's clock: it has consumed `consumed_minutes` of its budget (limit + extensions)
-- before `anchor_at` and runs from there, unless paused (paused_at set, due_at null).
-- "overdue" is no longer a stored state: it is a running timer past its due time.
ALTER TABLE {schema}.timers
    ADD COLUMN category          text,
    ADD COLUMN policy_version    integer NOT NULL DEFAULT 0,  -- 0: before versioned policies
    ADD COLUMN attempt           integer NOT NULL DEFAULT 1,  -- a re-routed sign timer: 2, 3...
    ADD COLUMN extension_minutes integer NOT NULL DEFAULT 0,
    ADD COLUMN consumed_minutes  integer NOT NULL DEFAULT 0,
    ADD COLUMN anchor_at         timestamptz,
    ADD COLUMN paused_at         timestamptz,
    ALTER COLUMN due_at DROP NOT NULL;
UPDATE {schema}.timers SET anchor_at = started_at;
ALTER TABLE {schema}.timers ALTER COLUMN anchor_at SET NOT NULL;
ALTER TABLE {schema}.timers DROP CONSTRAINT timers_case_id_stage_round_key;
ALTER TABLE {schema}.timers ADD CONSTRAINT timers_case_stage_round_attempt
    UNIQUE (case_id, stage, round, attempt);
CREATE INDEX timers_case ON {schema}.timers (case_id);

-- One row per alarm a timer will ring (warnings, the limit, each step of the ladder). The
-- scheduler claims due rows with FOR UPDATE SKIP LOCKED and sets fired_at in the same
-- transaction that writes the event to the outbox: each alarm rings once, whichever replica
-- claims it. due_at is null while the timer is paused; unfired alarms of a stopped timer
-- are deleted.
CREATE TABLE {schema}.timer_alarms (
    id         bigserial PRIMARY KEY,
    timer_id   bigint      NOT NULL REFERENCES {schema}.timers (id) ON DELETE CASCADE,
    kind       text        NOT NULL,  -- warning | exceeded | escalation
    name       text        NOT NULL,  -- warning-0.75 | exceeded | urge | ...
    fraction   double precision,      -- warnings
    days_after integer     NOT NULL DEFAULT 0,  -- escalation: working days after the limit
    due_at     timestamptz,
    fired_at   timestamptz,
    UNIQUE (timer_id, name)
);
CREATE INDEX timer_alarms_due ON {schema}.timer_alarms (due_at)
    WHERE fired_at IS NULL AND due_at IS NOT NULL;

-- Timers started before this migration keep their limit alarm; an overdue one has rung it.
INSERT INTO {schema}.timer_alarms (timer_id, kind, name, due_at, fired_at)
SELECT id, 'exceeded', 'exceeded', due_at, fired_at
FROM {schema}.timers WHERE state IN ('running', 'overdue');
UPDATE {schema}.timers SET state = 'running' WHERE state = 'overdue';
ALTER TABLE {schema}.timers DROP COLUMN fired_at;
