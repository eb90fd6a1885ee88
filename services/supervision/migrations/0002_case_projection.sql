-- The scorecard projection: derived only from consumed events, so it can be rebuilt from the
-- topics (civicloop-supervision-rebuild). case_events keeps the events of each case that the
-- figures and the evidence checks need; case_facts is the fold of a case's events.
CREATE TABLE {schema}.case_events (
    event_id    uuid        PRIMARY KEY,
    case_id     text        NOT NULL,
    event_type  text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    department  text,                 -- the department the event concerns, when it names one
    payload     jsonb       NOT NULL
);
CREATE INDEX case_events_case ON {schema}.case_events (case_id);

CREATE TABLE {schema}.case_facts (
    case_id     text PRIMARY KEY,
    department  text,
    category    text,
    accepted_at timestamptz,          -- the period a case's figures fall in
    registered_at timestamptz,
    facts       jsonb NOT NULL
);
CREATE INDEX case_facts_accepted ON {schema}.case_facts (accepted_at);
CREATE INDEX case_facts_registered ON {schema}.case_facts (category, registered_at);
