-- Knowledge gaps (知识缺口): a consultation answered with no knowledge article covering it, at
-- the window or by a department, for the owning unit to draft an article from the answer. A
-- case opens one gap at most (so a redelivered event opens none twice); a gap closes once,
-- when an article drafted from it is published or when its unit dismisses it.
CREATE TABLE {schema}.knowledge_gaps (
    gap_id      text        PRIMARY KEY,
    case_id     text        NOT NULL UNIQUE REFERENCES {schema}.cases (case_id),
    department  text        NOT NULL,
    category    text        NOT NULL,
    question    text        NOT NULL,
    answer      text        NOT NULL,
    source      text        NOT NULL CHECK (source IN ('window', 'department')),
    state       text        NOT NULL CHECK (state IN ('open', 'closed')),
    opened_at   timestamptz NOT NULL,
    outcome     text        CHECK (outcome IN ('article_published', 'dismissed')),
    article_id  text,
    reason      text,
    closed_by   text,
    closed_at   timestamptz
);
CREATE INDEX knowledge_gaps_department ON {schema}.knowledge_gaps (department, state, opened_at DESC);
CREATE INDEX knowledge_gaps_listed ON {schema}.knowledge_gaps (state, opened_at DESC);

-- The knowledge article (and version) the case's answer came from: the clerk's at screening,
-- or the department's latest resolution. The latest resolution's department and summary stay
-- for the gap a consultation closed without an article opens.
ALTER TABLE {schema}.cases
    ADD COLUMN knowledge_article_id      text,
    ADD COLUMN knowledge_article_version integer,
    ADD COLUMN resolved_by_department    text,
    ADD COLUMN resolution_summary        text;
