-- The title as intake registered it (CaseAccepted carries it), so that a department's case
-- list names its cases without asking intake once per row. Cases accepted before have none.
ALTER TABLE {schema}.cases ADD COLUMN title text;

-- A department's cases, newest change first: as lead through this index, as co-handler
-- through cases_co_handlers (GIN); the page is the top of their union.
CREATE INDEX cases_lead_updated ON {schema}.cases (lead_department, updated_at DESC, case_id);
