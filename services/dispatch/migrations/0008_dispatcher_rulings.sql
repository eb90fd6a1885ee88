-- How often a dispatcher sent the case back to screening (退回甄别): numbers each
-- CaseSentBackToScreening, the fact consumers keep once.
ALTER TABLE {schema}.cases ADD COLUMN sent_back integer NOT NULL DEFAULT 0;
