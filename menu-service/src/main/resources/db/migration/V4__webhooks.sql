-- Partner webhooks: endpoints (signing secrets sealed with ROTENDER_WEBHOOKS_SECRET_KEY), the messages built once from
-- the events a partner subscribed to, one delivery per endpoint and message (a replay adds another), and every
-- attempt (the partner's delivery log).
CREATE TABLE webhook_endpoint (
    id                    TEXT PRIMARY KEY,
    partner_id            TEXT        NOT NULL,
    url                   TEXT        NOT NULL,
    event_types           TEXT[]      NOT NULL,
    description           TEXT,
    secret_sealed         TEXT        NOT NULL,
    previous_secret_sealed TEXT,
    previous_secret_until TIMESTAMPTZ,
    enabled               BOOLEAN     NOT NULL DEFAULT true,
    disabled_reason       TEXT,
    disabled_at           TIMESTAMPTZ,
    failing_since         TIMESTAMPTZ,
    last_success_at       TIMESTAMPTZ,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoint_partner ON webhook_endpoint (partner_id);

CREATE TABLE webhook_message (
    id          TEXT PRIMARY KEY,
    partner_id  TEXT        NOT NULL,
    type        TEXT        NOT NULL,
    subject     TEXT        NOT NULL,
    body        TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX webhook_message_partner_time ON webhook_message (partner_id, occurred_at);

CREATE TABLE webhook_delivery (
    id              BIGSERIAL PRIMARY KEY,
    endpoint_id     TEXT        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    message_id      TEXT        NOT NULL REFERENCES webhook_message (id) ON DELETE CASCADE,
    subject         TEXT        NOT NULL,
    state           TEXT        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    replay          BOOLEAN     NOT NULL DEFAULT false,
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_status     INT,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ
);
-- one delivery per endpoint and message from the feed (a redelivered event adds nothing); replays add their own
CREATE UNIQUE INDEX webhook_delivery_once ON webhook_delivery (endpoint_id, message_id) WHERE NOT replay;
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE state = 'pending';
-- one subject's (an order's) deliveries to an endpoint go in order: the oldest pending one first
CREATE INDEX webhook_delivery_subject ON webhook_delivery (endpoint_id, subject, id) WHERE state = 'pending';

CREATE TABLE webhook_attempt (
    id           BIGSERIAL PRIMARY KEY,
    delivery_id  BIGINT      NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    endpoint_id  TEXT        NOT NULL,
    message_id   TEXT        NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    http_status  INT,
    latency_ms   INT         NOT NULL,
    outcome      TEXT        NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed')),
    error        TEXT,
    response     TEXT
);
CREATE INDEX webhook_attempt_endpoint ON webhook_attempt (endpoint_id, id);
