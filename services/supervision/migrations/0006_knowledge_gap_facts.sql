-- A case's knowledge gap (知识缺口), folded from KnowledgeGapOpened / KnowledgeGapClosed: the
-- figures count gaps by their own times (opened, closed, open at a period's end), whatever
-- the period of the case, so the gap's times are columns the scorecards select on.
ALTER TABLE {schema}.case_facts ADD COLUMN gap_opened_at timestamptz;
ALTER TABLE {schema}.case_facts ADD COLUMN gap_closed_at timestamptz;
CREATE INDEX case_facts_gaps ON {schema}.case_facts (gap_opened_at)
    WHERE gap_opened_at IS NOT NULL;
