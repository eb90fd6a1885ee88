-- Imported batches (座谈会, 大走访) a supervisor chose to show on the public problem list,
-- with their progress figures. The figures themselves come from case_facts.
CREATE TABLE {schema}.published_batches (
    batch_id     text        PRIMARY KEY,
    published_by text        NOT NULL,
    published_at timestamptz NOT NULL
);
CREATE INDEX case_facts_batch ON {schema}.case_facts ((facts->>'batch_id'))
    WHERE facts->>'batch_id' IS NOT NULL;
