-- The knowledge base (知识库): articles owned by a department, each with its versions. A
-- published version is never changed: an edit opens the next version, and a closed case keeps
-- pointing at the (article, version) it was answered from. Flags are answers a callback found
-- wrong, open until the article is published anew or its reviewer confirms it.
-- every change of an article takes the next revision: a replica polls max(revision) to know
-- when to rebuild its search index (clocks of replicas may disagree; a sequence does not)
CREATE SEQUENCE {schema}.knowledge_revision;

CREATE TABLE {schema}.knowledge_articles (
    article_id        text        PRIMARY KEY,
    department        text        NOT NULL,
    latest_version    integer     NOT NULL,
    published_version integer,
    -- publishing or the last confirmation: review_due counts from it
    reviewed_at       timestamptz,
    reviewed_by       text,
    gap_id            text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    revision          bigint      NOT NULL
);
CREATE INDEX knowledge_articles_department ON {schema}.knowledge_articles (department);
CREATE INDEX knowledge_articles_updated ON {schema}.knowledge_articles (updated_at);
CREATE INDEX knowledge_articles_revision ON {schema}.knowledge_articles (revision);

CREATE TABLE {schema}.knowledge_versions (
    article_id   text        NOT NULL REFERENCES {schema}.knowledge_articles (article_id),
    version      integer     NOT NULL CHECK (version >= 1),
    status       text        NOT NULL
        CHECK (status IN ('draft', 'pending_review', 'published', 'superseded', 'withdrawn')),
    question     text        NOT NULL,
    phrasings    text[]      NOT NULL DEFAULT '{}',
    answer       text        NOT NULL,
    basis        jsonb       NOT NULL,
    categories   text[]      NOT NULL,
    valid_from   date        NOT NULL,
    valid_until  date        CHECK (valid_until IS NULL OR valid_until >= valid_from),
    author       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    submitted_at timestamptz,
    reviewer     text,
    published_at timestamptz,
    review_note  text,
    PRIMARY KEY (article_id, version)
);
-- at most one published version per article
CREATE UNIQUE INDEX knowledge_versions_one_published
    ON {schema}.knowledge_versions (article_id) WHERE status = 'published';

CREATE TABLE {schema}.knowledge_flags (
    flag_id     bigserial   PRIMARY KEY,
    article_id  text        NOT NULL REFERENCES {schema}.knowledge_articles (article_id),
    version     integer     NOT NULL,
    case_id     text        NOT NULL,
    reason      text        NOT NULL,
    flagged_at  timestamptz NOT NULL,
    resolved_at timestamptz,
    resolved_by text,
    UNIQUE (article_id, version, case_id)
);
CREATE INDEX knowledge_flags_open ON {schema}.knowledge_flags (article_id) WHERE resolved_at IS NULL;
