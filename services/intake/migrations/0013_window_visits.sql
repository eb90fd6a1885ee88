-- Window visits rated by the public (窗口单位百姓评): after a visit to a service window the
-- visitor rates the window unit and the staff member who received the case, once per case,
-- with the case's tracking code. The rating keeps who was rated as the case recorded it, so
-- the roll-ups per unit and per staff member read this table alone.
CREATE TABLE {schema}.window_visit_ratings (
    case_id        text        PRIMARY KEY REFERENCES {schema}.cases (case_id),
    window_unit    text,
    staff_username text        NOT NULL,
    staff_name     text        NOT NULL,
    window_score   smallint    NOT NULL CHECK (window_score BETWEEN 1 AND 5),
    staff_score    smallint    NOT NULL CHECK (staff_score BETWEEN 1 AND 5),
    comment        text,
    rated_at       timestamptz NOT NULL
);
CREATE INDEX window_visit_ratings_rated_at ON {schema}.window_visit_ratings (rated_at);

-- The unit whose window received the case: the receiving clerk's department, for the cases
-- registered at a window.
ALTER TABLE {schema}.cases ADD COLUMN window_unit text;
