-- The taxonomy (domain -> category -> item), seeded once from the district file and edited
-- live by administrators; dispatch is its one authority (docs/adr/0019-live-taxonomy.md).
-- An item's routing stays in routing_rules (category = the item's code).
CREATE TABLE {schema}.taxonomy_nodes (
    code       text PRIMARY KEY,
    level      text NOT NULL CHECK (level IN ('domain', 'category', 'item')),
    name       text NOT NULL,
    parent     text REFERENCES {schema}.taxonomy_nodes (code),
    kinds      text[] NOT NULL DEFAULT '{}',
    -- the order of the district file; nodes added later come after
    position   integer NOT NULL,
    -- retired items take no new cases; cases filed under one keep it
    retired_at timestamptz,
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL
);
CREATE INDEX taxonomy_nodes_parent ON {schema}.taxonomy_nodes (parent);

-- Every change, who made it and when; the latest id is the taxonomy's version.
CREATE TABLE {schema}.taxonomy_edits (
    id     bigserial PRIMARY KEY,
    code   text NOT NULL,
    action text NOT NULL,
    detail jsonb NOT NULL,
    actor  text NOT NULL,
    at     timestamptz NOT NULL
);
CREATE INDEX taxonomy_edits_code ON {schema}.taxonomy_edits (code, id);
