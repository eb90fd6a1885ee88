-- The date the submitter asked to have the case done by (期望办结日期), when they gave one.
ALTER TABLE {schema}.cases ADD COLUMN requested_by date;
