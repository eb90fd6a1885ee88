-- What the dispatcher reads in the queue, as CaseAccepted carries it: the case's title and
-- text, who brought it, and how sure the classifier was of the category. Null for cases
-- accepted before the event carried them.
ALTER TABLE {schema}.cases
    ADD COLUMN title text,
    ADD COLUMN description text,
    ADD COLUMN submitter_kind text,
    ADD COLUMN classification_confidence double precision,
    ADD COLUMN category_confirmed boolean;
