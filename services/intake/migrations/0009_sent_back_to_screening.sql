-- A case a dispatcher sent back to screening (退回甄别) waits for a clerk again: how often it
-- was sent back (its next acceptance is numbered after it), and the latest reason, who sent
-- it and when, for the screening queue.
ALTER TABLE {schema}.cases
    ADD COLUMN sent_back_count  integer NOT NULL DEFAULT 0,
    ADD COLUMN sent_back_reason text,
    ADD COLUMN sent_back_by     text,
    ADD COLUMN sent_back_at     timestamptz;
