-- The business fact an event announces (Envelope.fact), when its type has one: the same fact
-- published again under another event id finds it here and is skipped like a redelivery.
ALTER TABLE {schema}.inbox ADD COLUMN fact text;
CREATE UNIQUE INDEX inbox_fact ON {schema}.inbox (fact) WHERE fact IS NOT NULL;
