-- How often each case was assigned (交办), re-routes included: CaseAssigned carries the number,
-- so a repeat of an assignment is told from a new one. Counted for existing cases from their
-- actions.
ALTER TABLE {schema}.cases ADD COLUMN assignments integer NOT NULL DEFAULT 0;
UPDATE {schema}.cases AS c SET assignments = (
    SELECT count(*) FROM {schema}.case_actions AS a
    WHERE a.case_id = c.case_id
      AND (a.action = 'assign' OR (a.action = 'arbitrate' AND a.detail ->> 'decision' = 'reroute'))
);
