-- The category catalogue becomes intake's copy of the live taxonomy, whose one authority is
-- dispatch (docs/adr/0019-live-taxonomy.md): each leaf (item) with its domain and category,
-- request kinds and routing, as the latest TaxonomyChanged says. `active` false: retired.
ALTER TABLE {schema}.categories
    ADD COLUMN domain      text,
    ADD COLUMN domain_name text,
    ADD COLUMN group_code  text,
    ADD COLUMN group_name  text,
    ADD COLUMN kinds       text[] NOT NULL DEFAULT '{}',
    ADD COLUMN lead        text,
    ADD COLUMN co_handlers text[] NOT NULL DEFAULT '{}',
    ADD COLUMN position    integer NOT NULL DEFAULT 0;

-- The dispatch version last applied (0: only the district file so far) and a revision bumped
-- on every change, which each intake process watches to rebuild its classifier.
CREATE TABLE {schema}.taxonomy_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint NOT NULL,
    revision  bigint NOT NULL
);
INSERT INTO {schema}.taxonomy_state (singleton, version, revision) VALUES (true, 0, 0);
