-- Transactional outbox: rows written in the same transaction as the state they announce,
-- published by the relay in id order per shard, deleted once the broker has acknowledged.
CREATE TABLE {schema}.outbox (
    id          bigserial PRIMARY KEY,
    shard       integer     NOT NULL,
    topic       text        NOT NULL,
    key         text,
    value       bytea       NOT NULL,
    headers     jsonb       NOT NULL DEFAULT '[]'::jsonb,
    event_id    uuid,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_shard_id ON {schema}.outbox (shard, id);

-- Inbox: ids of events whose effects are committed; a redelivery finds its id and does nothing.
CREATE TABLE {schema}.inbox (
    event_id     uuid PRIMARY KEY,
    topic        text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inbox_processed_at ON {schema}.inbox (processed_at);
