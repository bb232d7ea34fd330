-- Orders, their confirmation codes (HMAC only) and the order state machine, owned by order-service;
-- projections of the catalog (prices, recipes, venue settings).

CREATE TABLE venue (
    id                      TEXT PRIMARY KEY,
    currency                CHAR(3)     NOT NULL,
    require_pos_acceptance  BOOLEAN     NOT NULL DEFAULT false,
    order_ttl_minutes       INT         NOT NULL DEFAULT 30,
    payment_hold_minutes    INT         NOT NULL DEFAULT 5,
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE drink (
    venue_id    TEXT          NOT NULL,
    drink_id    TEXT          NOT NULL,
    name        TEXT          NOT NULL,
    price       NUMERIC(10,2) NOT NULL,
    active      BOOLEAN       NOT NULL,
    removed     BOOLEAN       NOT NULL DEFAULT false,
    recipe      JSONB         NOT NULL,
    updated_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (venue_id, drink_id)
);

CREATE SEQUENCE order_number_seq;

CREATE TABLE orders (
    id                  TEXT PRIMARY KEY,
    number              BIGINT        NOT NULL DEFAULT nextval('order_number_seq'),
    venue_id            TEXT          NOT NULL,
    partner_id          TEXT          NOT NULL,
    partner_order_id    TEXT,
    request_hash        TEXT          NOT NULL,
    status              TEXT          NOT NULL CHECK (status IN ('pending', 'confirmed', 'ready', 'poured', 'rejected',
                                                                'cancelled', 'expired', 'failed')),
    pos_status          TEXT,
    payment_status      TEXT          NOT NULL CHECK (payment_status IN ('paid', 'pending')),
    payment             JSONB,
    customer            JSONB         NOT NULL,
    note                TEXT,
    items               JSONB         NOT NULL,
    currency            CHAR(3)       NOT NULL,
    order_total         NUMERIC(10,2) NOT NULL,
    tip                 NUMERIC(10,2) NOT NULL DEFAULT 0,
    reserved            BOOLEAN       NOT NULL DEFAULT false,
    unit_id             TEXT,
    unit_name           TEXT,
    unit_location       TEXT,
    unavailable_drinks  JSONB,
    reason              TEXT,
    code_hash           TEXT,
    code_attempts       INT           NOT NULL DEFAULT 0,
    code_locked         BOOLEAN       NOT NULL DEFAULT false,
    expires_at          TIMESTAMPTZ,
    created_at          TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT orders_partner_key UNIQUE (partner_id, partner_order_id)
);
-- a code is unique among the unit's open orders
CREATE UNIQUE INDEX orders_open_code ON orders (unit_id, code_hash) WHERE status = 'confirmed' AND code_hash IS NOT NULL;
CREATE INDEX orders_partner_venue_created ON orders (partner_id, venue_id, created_at);
CREATE INDEX orders_expiry ON orders (expires_at) WHERE status IN ('pending', 'confirmed');
