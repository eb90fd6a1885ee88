-- A limit or alarm that reaches a calendar year nobody has loaded is parked, not an error:
-- parked_year names the first such year (null when every time is placed). Loading that year
-- places them. A parked limit leaves due_at null and holds every alarm of the timer.
ALTER TABLE {schema}.timers ADD COLUMN parked_year integer;
CREATE INDEX timers_parked ON {schema}.timers (parked_year) WHERE parked_year IS NOT NULL;

-- A supervision order (督办) announces when the department's written answer is due: a point of
-- the timer's count (answer_after_days working days after the limit, by default the next rung
-- of the ladder), planned and moved like due_at. Rows planned before this have none.
ALTER TABLE {schema}.timer_alarms
    ADD COLUMN answer_after_days integer,
    ADD COLUMN respond_by        timestamptz;
