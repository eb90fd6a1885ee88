-- The business fact each kept event announces (Envelope.fact): the same fact published again
-- under another event id is kept once, live and by the rebuild alike, so figures count it once.
ALTER TABLE {schema}.case_events ADD COLUMN fact text;
CREATE UNIQUE INDEX case_events_fact ON {schema}.case_events (fact) WHERE fact IS NOT NULL;
