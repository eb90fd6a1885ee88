-- Screening by clerks, duplicate links, attachments, the staff timeline, who handles a case,
-- and the throttle on wrong tracking codes.

ALTER TABLE {schema}.categories
    ADD COLUMN description text NOT NULL DEFAULT '',
    ADD COLUMN updated_by  text;

-- A case may arrive without a category: it waits for a clerk (or a classifier's suggestion).
ALTER TABLE {schema}.cases ALTER COLUMN category DROP NOT NULL;

ALTER TABLE {schema}.cases
    ADD COLUMN submitter_identity      text,
    ADD COLUMN submitter_key           text,
    ADD COLUMN address_key             text,
    ADD COLUMN area                    text,
    ADD COLUMN registered_by           text,
    -- cases registered before screening existed were all accepted automatically
    ADD COLUMN screening_state         text NOT NULL DEFAULT 'accepted',
    ADD COLUMN screened_by             text,
    ADD COLUMN screened_at             timestamptz,
    ADD COLUMN screening_reason        text,
    ADD COLUMN screening_answer        text,
    ADD COLUMN merged_into             text REFERENCES {schema}.cases (case_id),
    ADD COLUMN merge_similarity        double precision,
    ADD COLUMN duplicate_review        text NOT NULL DEFAULT 'none',
    ADD COLUMN duplicate_reviewed_by   text,
    ADD COLUMN duplicate_reviewed_at   timestamptz,
    ADD COLUMN duplicate_review_reason text;
ALTER TABLE {schema}.cases ALTER COLUMN screening_state DROP DEFAULT;

-- Duplicate candidates are searched by submitter, and by category, place and time: never by
-- a scan of all cases.
CREATE INDEX cases_submitter ON {schema}.cases (submitter_key, registered_at)
    WHERE submitter_key IS NOT NULL;
CREATE INDEX cases_place ON {schema}.cases (category, latitude, registered_at)
    WHERE latitude IS NOT NULL;
CREATE INDEX cases_address ON {schema}.cases (category, address_key, registered_at)
    WHERE address_key IS NOT NULL;
CREATE INDEX cases_screening_queue ON {schema}.cases (registered_at)
    WHERE screening_state = 'pending';
CREATE INDEX cases_registered ON {schema}.cases (registered_at);

CREATE TABLE {schema}.duplicate_flags (
    case_id          text NOT NULL REFERENCES {schema}.cases (case_id),
    original_case_id text NOT NULL REFERENCES {schema}.cases (case_id),
    score            double precision NOT NULL,
    reasons          text[] NOT NULL,
    distance_m       double precision,
    flagged_at       timestamptz NOT NULL,
    PRIMARY KEY (case_id, original_case_id)
);

-- Photos and documents, stored with the case in PostgreSQL: backed up, replicated and
-- access-checked with everything else (ADR 0009).
CREATE TABLE {schema}.attachments (
    attachment_id uuid PRIMARY KEY,
    case_id       text NOT NULL REFERENCES {schema}.cases (case_id),
    filename      text NOT NULL,
    media_type    text NOT NULL,
    size_bytes    integer NOT NULL,
    sha256        text NOT NULL,
    content       bytea NOT NULL,
    uploaded_by   text NOT NULL,
    uploaded_at   timestamptz NOT NULL
);
-- photos and PDFs are compressed already: store them out of line without trying again
ALTER TABLE {schema}.attachments ALTER COLUMN content SET STORAGE EXTERNAL;
CREATE INDEX attachments_case ON {schema}.attachments (case_id, uploaded_at);

-- Every action on a case, with actor, time and reason: intake's own and those projected
-- from other services' events (keyed by event id so a redelivery adds nothing).
CREATE TABLE {schema}.staff_timeline (
    id          bigserial PRIMARY KEY,
    case_id     text NOT NULL REFERENCES {schema}.cases (case_id),
    event_id    uuid UNIQUE,
    occurred_at timestamptz NOT NULL,
    action      text NOT NULL,
    label       text NOT NULL,
    actor       text NOT NULL,
    detail      text NOT NULL DEFAULT ''
);
CREATE INDEX staff_timeline_case ON {schema}.staff_timeline (case_id, occurred_at, id);

-- Who handles a case now (lead and co-handlers), projected from dispatch's events: a
-- department handler sees only these cases.
CREATE TABLE {schema}.case_handlers (
    case_id         text PRIMARY KEY REFERENCES {schema}.cases (case_id),
    lead_department text NOT NULL,
    departments     text[] NOT NULL,
    round           integer NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX case_handlers_departments ON {schema}.case_handlers USING gin (departments);

-- Wrong tracking codes per case number, to refuse guessing.
CREATE TABLE {schema}.tracking_failures (
    case_id   text NOT NULL,
    failed_at timestamptz NOT NULL
);
CREATE INDEX tracking_failures_case ON {schema}.tracking_failures (case_id, failed_at);
