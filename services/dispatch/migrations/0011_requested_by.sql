-- The date the submitter asked to have the case done by (期望办结日期), as CaseAccepted
-- carries it: shown to the handler and the dispatcher. Null when none was asked for.
ALTER TABLE {schema}.cases ADD COLUMN requested_by date;
