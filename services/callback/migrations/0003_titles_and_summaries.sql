-- What the agents' queue shows of a case without asking another service: its title, from
-- intake's CaseRegistered, and what was reported as done: the department's resolution
-- summary, or the answer given on the spot.
ALTER TABLE {schema}.tasks ADD COLUMN summary text;

-- Kept for every registered case: the task is opened later, by an event on another topic.
CREATE TABLE {schema}.case_titles (
    case_id text PRIMARY KEY,
    title   text NOT NULL
);
