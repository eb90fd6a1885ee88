-- The dispatch queue has a time limit of its own (派单时限, stage "dispatch"): every stage
-- needs a default rule, so each stored version without one gains the district file's
-- default (2 working hours). No timer of that stage existed before, so no running limit
-- changes; an administrator edits it like any other rule (a new version).
UPDATE {schema}.policy_versions
SET document = jsonb_set(
    document,
    '{rules}',
    (document -> 'rules') || '[{"stage": "dispatch", "working_hours": 2}]'::jsonb
)
WHERE NOT EXISTS (
    SELECT 1 FROM jsonb_array_elements(document -> 'rules') AS rule
    WHERE rule ->> 'stage' = 'dispatch'
      AND NOT rule ? 'kind'
      AND NOT rule ? 'category'
);
