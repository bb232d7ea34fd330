-- Chassis tables, present in every service's database. Versions 0.x belong to the chassis; a service's own
-- migrations start at V1 (Flyway runs with out-of-order enabled so chassis changes can follow later).

-- Transactional outbox: events written in the same transaction as the state change they describe,
-- relayed to Kafka in id order and marked sent only after the broker acknowledged them.
CREATE TABLE outbox_event (
    id            BIGSERIAL PRIMARY KEY,
    event_id      UUID        NOT NULL UNIQUE,
    topic         TEXT        NOT NULL,
    msg_key       TEXT,
    type          TEXT        NOT NULL,
    source        TEXT        NOT NULL,
    aggregate_id  TEXT,
    occurred_at   TIMESTAMPTZ NOT NULL,
    payload       JSONB       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at       TIMESTAMPTZ
);
CREATE INDEX outbox_event_unsent ON outbox_event (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_event_sent_at ON outbox_event (sent_at) WHERE sent_at IS NOT NULL;

-- Idempotent consumption: one row per (consumer, event id), inserted in the same transaction as the effect.
CREATE TABLE processed_event (
    consumer      TEXT        NOT NULL,
    event_id      UUID        NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX processed_event_processed_at ON processed_event (processed_at);
