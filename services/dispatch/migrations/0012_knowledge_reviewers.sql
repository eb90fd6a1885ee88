-- The department's knowledge-base reviewer (知识库审核人): a handler who may publish the
-- department's knowledge articles. The login token carries it (claim `rk`).
ALTER TABLE {schema}.staff ADD COLUMN reviews_knowledge boolean NOT NULL DEFAULT false;
