-- Batch imports (座谈会, 大走访, ...): one row per uploaded file, its progress and its row
-- report, and which case each imported row became. A batch's cases and its final state commit
-- in one transaction (see intake.batches): a batch is wholly imported or not at all.
CREATE TABLE {schema}.batches (
    batch_id        text        PRIMARY KEY,
    title           text        NOT NULL,
    source          text        NOT NULL,
    filename        text,
    good_rows_only  boolean     NOT NULL,
    state           text        NOT NULL
        CHECK (state IN ('checking', 'importing', 'imported', 'refused', 'failed')),
    total_rows      integer     NOT NULL,
    checked_rows    integer     NOT NULL DEFAULT 0,
    registered_rows integer     NOT NULL DEFAULT 0,
    rejected_rows   integer     NOT NULL DEFAULT 0,
    problems        jsonb       NOT NULL DEFAULT '[]',
    failure         text,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL,
    -- the job's last sign of life: a job silent for long was interrupted (its transaction
    -- rolled back with its process)
    heartbeat_at    timestamptz NOT NULL,
    finished_at     timestamptz
);
CREATE INDEX batches_created ON {schema}.batches (created_at DESC);

CREATE TABLE {schema}.batch_cases (
    batch_id   text    NOT NULL REFERENCES {schema}.batches (batch_id),
    row_number integer NOT NULL,
    case_id    text    NOT NULL REFERENCES {schema}.cases (case_id),
    PRIMARY KEY (batch_id, row_number)
);
CREATE INDEX batch_cases_case ON {schema}.batch_cases (case_id);
