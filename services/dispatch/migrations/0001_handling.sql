CREATE TABLE {schema}.departments (
    code       text PRIMARY KEY,
    name       text NOT NULL,
    kind       text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- category -> lead department (NULL: a human dispatcher routes it) and co-handlers
CREATE TABLE {schema}.routing_rules (
    category    text PRIMARY KEY,
    lead        text REFERENCES {schema}.departments (code),
    co_handlers text[] NOT NULL DEFAULT '{}',
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {schema}.cases (
    case_id         text PRIMARY KEY,
    category        text NOT NULL,
    kind            text NOT NULL,
    state           text NOT NULL,
    lead_department text,
    co_handlers     text[] NOT NULL DEFAULT '{}',
    round           integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX cases_lead_state ON {schema}.cases (lead_department, state);

-- every transition: who, when, why (the handling timeline)
CREATE TABLE {schema}.case_actions (
    id          bigserial PRIMARY KEY,
    case_id     text NOT NULL REFERENCES {schema}.cases (case_id),
    action      text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    actor       text NOT NULL,
    reason      text NOT NULL DEFAULT '',
    at          timestamptz NOT NULL
);
CREATE INDEX case_actions_case ON {schema}.case_actions (case_id, id);
