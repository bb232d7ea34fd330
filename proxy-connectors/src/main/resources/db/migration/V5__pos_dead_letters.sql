-- POS dead letters an operator can see and retry: the POS's last answer and when a forward was given up, what
-- became of its order (a cancelled, expired or rejected order is never retried), and every retry asked for.
ALTER TABLE forwarded_order ADD COLUMN last_answer TEXT;
ALTER TABLE forwarded_order ADD COLUMN dead_at TIMESTAMPTZ;
ALTER TABLE forwarded_order ADD COLUMN order_outcome TEXT;
UPDATE forwarded_order SET dead_at = updated_at WHERE delivery = 'dead';
CREATE INDEX forwarded_order_dead_letters ON forwarded_order (venue_id, dead_at) WHERE delivery IN ('dead', 'withdrawn');

CREATE TABLE forward_retry (
    id            BIGSERIAL PRIMARY KEY,
    order_id      TEXT        NOT NULL,
    venue_id      TEXT        NOT NULL,
    requested_by  TEXT        NOT NULL,
    requested_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    outcome       TEXT        NOT NULL CHECK (outcome IN ('requeued', 'refused')),
    reason        TEXT
);
CREATE INDEX forward_retry_order ON forward_retry (order_id, requested_at);
