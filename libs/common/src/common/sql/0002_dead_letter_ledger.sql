-- What civicloop-dlq did with each dead letter, addressed by its place on the dead-letter
-- topic: replayed, or discarded with a reason. One row per dead letter, never changed, so a
-- later replay skips both and `list` shows who decided what and when. Rows outlive the
-- topic's retention as the record of what was set aside.
CREATE TABLE {schema}.dead_letter_ledger (
    dlq_topic      text        NOT NULL,
    dlq_partition  integer     NOT NULL,
    dlq_offset     bigint      NOT NULL,
    action         text        NOT NULL CHECK (action IN ('replayed', 'discarded')),
    reason         text,
    actor          text        NOT NULL,
    decided_at     timestamptz NOT NULL DEFAULT now(),
    event_id       uuid,
    event_type     text,
    case_id        text,
    error_type     text,
    PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset),
    CHECK (action <> 'discarded' OR length(btrim(reason)) > 0)
);
