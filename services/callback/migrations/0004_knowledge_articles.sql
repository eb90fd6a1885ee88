-- The knowledge article (and version) the answer called back came from, as the resolution (or
-- the answer on the spot) named it, and whether the callback found that answer wrong (答复有误):
-- intake then flags the article for its unit's review.
ALTER TABLE {schema}.tasks
    ADD COLUMN knowledge_article_id      text,
    ADD COLUMN knowledge_article_version integer,
    ADD COLUMN answer_wrong              boolean;
