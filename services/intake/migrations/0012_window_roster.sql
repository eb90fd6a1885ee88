-- The window's routine (办不成事窗口): the duty roster by half day, who received each window
-- case and the leader on duty then, and intake's copy of the promised resolution limits as
-- deadline's latest SlaPolicyPublished says (deadline owns the SLA policy table).
CREATE TABLE {schema}.duty_roster (
    duty_date         date NOT NULL,
    half              text NOT NULL CHECK (half IN ('am', 'pm')),
    specialists       jsonb NOT NULL DEFAULT '[]',
    leader_name       text NOT NULL,
    leader_title      text,
    leader_department text,
    updated_by        text NOT NULL,
    updated_at        timestamptz NOT NULL,
    PRIMARY KEY (duty_date, half)
);

ALTER TABLE {schema}.cases
    ADD COLUMN received_by_username text,
    ADD COLUMN received_by_name     text,
    ADD COLUMN leader_on_duty       text;

-- One row per kind x category the policy names ('' : the kind's own default).
CREATE TABLE {schema}.promised_limits (
    kind     text NOT NULL,
    category text NOT NULL DEFAULT '',
    amount   integer NOT NULL,
    unit     text NOT NULL CHECK (unit IN ('working_days', 'working_hours')),
    PRIMARY KEY (kind, category)
);

-- The policy version last applied (0: none yet).
CREATE TABLE {schema}.promised_limits_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint NOT NULL
);
INSERT INTO {schema}.promised_limits_state (singleton, version) VALUES (true, 0);
