-- Attempts, unreachable tasks, due times from deadline, on-the-spot resolutions and the
-- submitter's one-time rating link.
ALTER TABLE {schema}.tasks
    ALTER COLUMN department DROP NOT NULL,
    ADD COLUMN source          text        NOT NULL DEFAULT 'resolution', -- resolution | on_the_spot
    ADD COLUMN category        text,
    ADD COLUMN failed_attempts integer     NOT NULL DEFAULT 0,
    ADD COLUMN due_at          timestamptz;           -- from deadline's DeadlineSet (callback stage)

DROP INDEX {schema}.tasks_open_queue;
-- The agents' queue: open tasks by due time; tasks whose due time is not known yet last.
CREATE INDEX tasks_open_queue ON {schema}.tasks (due_at NULLS LAST, resolved_at) WHERE state = 'open';

CREATE TABLE {schema}.attempts (
    id         bigserial   PRIMARY KEY,
    case_id    text        NOT NULL,
    round      integer     NOT NULL,
    outcome    text        NOT NULL,   -- reached | no_answer | wrong_number | refused
    note       text        NOT NULL DEFAULT '',
    agent      text        NOT NULL,
    at         timestamptz NOT NULL,
    FOREIGN KEY (case_id, round) REFERENCES {schema}.tasks (case_id, round)
);
CREATE INDEX attempts_by_task ON {schema}.attempts (case_id, round, id);

-- A due time can arrive before the task (deadline and dispatch are separate topics).
CREATE TABLE {schema}.pending_due (
    case_id text        NOT NULL,
    round   integer     NOT NULL,
    due_at  timestamptz,
    PRIMARY KEY (case_id, round)
);

CREATE TABLE {schema}.rating_links (
    token_hash  bytea       PRIMARY KEY,  -- sha256 of the token; the token itself is never stored
    case_id     text        NOT NULL,
    round       integer     NOT NULL,
    issued_by   text        NOT NULL,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    FOREIGN KEY (case_id, round) REFERENCES {schema}.tasks (case_id, round)
);
