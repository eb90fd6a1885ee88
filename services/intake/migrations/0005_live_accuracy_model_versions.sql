-- Live classification accuracy measured against human decisions only, and versioned models
-- (docs/adr/0017-live-classification-accuracy.md).

-- The classifier's models: each retrained one that was switched to, and the one a deployment
-- started with. A model is the district corpus (its fingerprint) plus the confirmed cases it
-- learnt from (classifier_model_cases): every intake process rebuilds the current one from
-- them, so no trained model is stored. Exactly one is current.
CREATE TABLE {schema}.classifier_models (
    version            text PRIMARY KEY,
    created_at         timestamptz NOT NULL,
    corpus_fingerprint text NOT NULL,
    corpus_examples    integer NOT NULL,
    trained_cases      integer NOT NULL,
    held_out_requests  integer,
    held_out_top1      double precision,
    held_out_lead      double precision,
    recent_cases       integer,
    recent_top1        double precision,
    is_current         boolean NOT NULL DEFAULT false,
    switched_at        timestamptz,
    note               text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX classifier_models_one_current
    ON {schema}.classifier_models (is_current) WHERE is_current;

CREATE TABLE {schema}.classifier_model_cases (
    version  text NOT NULL REFERENCES {schema}.classifier_models (version),
    case_id  text NOT NULL,
    category text NOT NULL,
    text     text NOT NULL,
    PRIMARY KEY (version, case_id)
);

-- The suggestion the classifier made for a case when it was registered, and which model
-- made it.
CREATE TABLE {schema}.suggestions (
    -- deferred: the submission records its suggestion before it inserts the case row
    case_id             text PRIMARY KEY
                        REFERENCES {schema}.cases (case_id) DEFERRABLE INITIALLY DEFERRED,
    category            text NOT NULL,
    lead_department     text,
    confidence          double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    model_version       text,
    suggested_at        timestamptz NOT NULL
);
CREATE INDEX suggestions_at ON {schema}.suggestions (suggested_at);

-- What people decided about a case's category; the latest decision stands.
CREATE TABLE {schema}.category_decisions (
    id                   bigserial PRIMARY KEY,
    case_id              text NOT NULL
                         REFERENCES {schema}.cases (case_id) DEFERRABLE INITIALLY DEFERRED,
    kind                 text NOT NULL
                         CHECK (kind IN ('clerk', 'reclassified', 'routed', 'return_upheld')),
    category             text CHECK ((category IS NULL) = (kind = 'return_upheld')),
    returning_department text,
    actor                text NOT NULL,
    decided_at           timestamptz NOT NULL
);
CREATE INDEX category_decisions_case ON {schema}.category_decisions (case_id, decided_at);

-- Earlier measurements carried over: a case's first row is its suggestion (no model version
-- was kept); rows a clerk decided are clerk decisions. Rows the classifier or an Open311
-- client decided are no human decision and are dropped.
INSERT INTO {schema}.suggestions (case_id, category, confidence, suggested_at)
SELECT DISTINCT ON (case_id) case_id, suggested, confidence, at
FROM {schema}.classifications ORDER BY case_id, at, id;

INSERT INTO {schema}.category_decisions (case_id, kind, category, actor, decided_at)
SELECT case_id, 'clerk', final, decided_by, at
FROM {schema}.classifications
WHERE decided_by <> 'system:classifier' AND decided_by NOT LIKE 'open311%';

DROP TABLE {schema}.classifications;
