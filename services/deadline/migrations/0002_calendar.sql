-- Official year schedules loaded by an administrator; a loaded year overrides the bundled
-- library for that year.
CREATE TABLE {schema}.calendar_years (
    year      integer PRIMARY KEY,
    source    text        NOT NULL,
    loaded_by text        NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {schema}.calendar_days (
    day     date    PRIMARY KEY,
    year    integer NOT NULL REFERENCES {schema}.calendar_years (year) ON DELETE CASCADE,
    workday boolean NOT NULL,   -- false: holiday (放假); true: make-up working day (调休)
    name    text    NOT NULL DEFAULT ''
);
