-- Per-venue POS settings (secrets encrypted or hashed) and the forwarding state of each order, owned by
-- proxy-connectors.

CREATE TABLE pos_settings (
    venue_id                  TEXT PRIMARY KEY,
    pos                       TEXT        NOT NULL CHECK (pos IN ('restaumatic', 'portos')),
    restaumatic_base_url      TEXT,
    restaumatic_restaurant_id BIGINT,
    -- the token we send to Restaumatic, AES-GCM encrypted with the connector key (we need it in clear to send it)
    restaumatic_api_token_enc TEXT,
    -- the token Restaumatic sends to our hooks: only its SHA-256
    restaumatic_hook_token_hash TEXT,
    source_reference_name     TEXT,
    vat_letters               JSONB       NOT NULL DEFAULT '{}',
    default_vat_letter        TEXT,
    portos_key_hash           TEXT UNIQUE,
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per order sent to a POS: the body is built once, so the ids Restaumatic deduplicates on never
-- change between retries; the sender retries with backoff until the POS answers.
CREATE TABLE forwarded_order (
    order_id             TEXT PRIMARY KEY,
    venue_id             TEXT        NOT NULL,
    pos                  TEXT        NOT NULL,
    external_order_id    UUID        NOT NULL UNIQUE,
    body                 JSONB       NOT NULL,
    delivery             TEXT        NOT NULL CHECK (delivery IN ('queued', 'delivered', 'dead')),
    attempts             INT         NOT NULL DEFAULT 0,
    next_attempt_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error           TEXT,
    conversation         TEXT        NOT NULL DEFAULT 'placed'
                         CHECK (conversation IN ('placed', 'accepted', 'rejected', 'in_delivery', 'closed', 'cancelled')),
    restaumatic_order_id TEXT,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX forwarded_order_due ON forwarded_order (next_attempt_at) WHERE delivery = 'queued';
CREATE INDEX forwarded_order_restaumatic ON forwarded_order (restaumatic_order_id);

CREATE TABLE connector_status (
    venue_id       TEXT PRIMARY KEY,
    last_success   TIMESTAMPTZ,
    last_error     TEXT,
    last_error_at  TIMESTAMPTZ
);
