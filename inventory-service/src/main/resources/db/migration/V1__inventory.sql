-- Units, their ingredient slots and stock reservations, owned by inventory-service; a projection of the
-- catalog (recipes, stock thresholds); and the last availability published per drink.

CREATE TABLE venue_settings (
    venue_id          TEXT PRIMARY KEY,
    low_threshold     INT         NOT NULL,
    medium_threshold  INT         NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- recipe: {"lines": [{"ingredientId": "vodka", "ml": 40}, ...]}
CREATE TABLE drink_recipe (
    venue_id    TEXT        NOT NULL,
    drink_id    TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    active      BOOLEAN     NOT NULL,
    removed     BOOLEAN     NOT NULL DEFAULT false,
    recipe      JSONB       NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (venue_id, drink_id)
);

CREATE TABLE unit (
    id                 TEXT PRIMARY KEY,
    venue_id           TEXT        NOT NULL,
    name               TEXT        NOT NULL,
    location           TEXT,
    online             BOOLEAN     NOT NULL DEFAULT false,
    last_heartbeat_at  TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX unit_venue ON unit (venue_id);

-- The database, not the code, guarantees that reserved stock never exceeds what is in the slot.
CREATE TABLE slot (
    unit_id        TEXT NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    ingredient_id  TEXT NOT NULL,
    capacity_ml    INT  NOT NULL CHECK (capacity_ml > 0),
    level_ml       INT  NOT NULL CHECK (level_ml >= 0),
    reserved_ml    INT  NOT NULL DEFAULT 0 CHECK (reserved_ml >= 0),
    CONSTRAINT slot_never_oversold CHECK (reserved_ml <= level_ml),
    PRIMARY KEY (unit_id, ingredient_id)
);

CREATE TABLE reservation (
    order_id            TEXT PRIMARY KEY,
    venue_id            TEXT        NOT NULL,
    unit_id             TEXT,
    status              TEXT        NOT NULL CHECK (status IN ('reserved', 'rejected', 'released', 'consumed')),
    items               JSONB       NOT NULL,
    unavailable_drinks  JSONB,
    reason              TEXT,
    expires_at          TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX reservation_expiry ON reservation (expires_at) WHERE status = 'reserved';

CREATE TABLE reservation_line (
    order_id       TEXT NOT NULL REFERENCES reservation (order_id),
    ingredient_id  TEXT NOT NULL,
    ml             INT  NOT NULL CHECK (ml > 0),
    PRIMARY KEY (order_id, ingredient_id)
);

-- Every change of a slot's level or reservation, so stock can be reconciled:
-- level = sum(level_delta), reserved = sum(reserved_delta) per slot.
CREATE TABLE stock_movement (
    id              BIGSERIAL PRIMARY KEY,
    unit_id         TEXT        NOT NULL,
    ingredient_id   TEXT        NOT NULL,
    kind            TEXT        NOT NULL,
    level_delta     INT         NOT NULL,
    reserved_delta  INT         NOT NULL,
    order_id        TEXT,
    at              TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX stock_movement_slot ON stock_movement (unit_id, ingredient_id);

CREATE TABLE availability_state (
    venue_id     TEXT        NOT NULL,
    drink_id     TEXT        NOT NULL,
    available    BOOLEAN     NOT NULL,
    pourable     INT         NOT NULL,
    stock_level  TEXT        NOT NULL,
    units        TEXT        NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (venue_id, drink_id)
);
