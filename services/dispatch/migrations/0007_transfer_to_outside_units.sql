-- 转办: an outside unit (a utility, the police, a city bureau) is marked as such, and a case
-- counts how often it was handed to one (a reopened transferred case goes back to its unit).
ALTER TABLE {schema}.departments
    ADD COLUMN outside boolean NOT NULL DEFAULT false;
ALTER TABLE {schema}.cases
    ADD COLUMN transfers integer NOT NULL DEFAULT 0;
