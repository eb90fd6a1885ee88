-- A department's cases, newest change first: as lead through this index, as co-handler
-- through cases_co_handlers (GIN); the page is the top of their union.
CREATE INDEX cases_lead_updated ON {schema}.cases (lead_department, updated_at DESC, case_id);
