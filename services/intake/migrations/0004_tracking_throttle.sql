-- Wrong tracking codes counted per client address and per case number in fixed windows
-- (ADR 0014): one row per subject and window, incremented by one UPSERT per attempt, so
-- that concurrent attempts are counted exactly. It replaces the per-case failure log.
DROP TABLE {schema}.tracking_failures;

CREATE TABLE {schema}.tracking_throttle (
    kind         text NOT NULL CHECK (kind IN ('client', 'case')),
    subject      text NOT NULL,
    window_start timestamptz NOT NULL,
    failures     integer NOT NULL,
    PRIMARY KEY (kind, subject, window_start)
);
CREATE INDEX tracking_throttle_window ON {schema}.tracking_throttle (window_start);
