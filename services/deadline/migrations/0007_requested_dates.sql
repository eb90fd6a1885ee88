-- The date the submitter asked to have each case done by (期望办结日期), as CaseAccepted
-- carries it. Read beside the resolution timer: a limit falling after it is flagged
-- (later_than_requested on the timers API). Only cases with a requested date have a row.
CREATE TABLE {schema}.requested_dates (
    case_id      text PRIMARY KEY,
    requested_by date NOT NULL
);
