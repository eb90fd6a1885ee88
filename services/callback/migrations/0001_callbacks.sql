CREATE TABLE {schema}.tasks (
    case_id      text        NOT NULL,
    round        integer     NOT NULL,
    department   text        NOT NULL,
    result       text        NOT NULL,   -- the department's reported result
    resolved_at  timestamptz NOT NULL,
    state        text        NOT NULL,   -- open | completed
    satisfaction text,
    solved       boolean,
    comment      text,
    agent        text,
    completed_at timestamptz,
    PRIMARY KEY (case_id, round)
);
CREATE INDEX tasks_open_queue ON {schema}.tasks (resolved_at) WHERE state = 'open';
