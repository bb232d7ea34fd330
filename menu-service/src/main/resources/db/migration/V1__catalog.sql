-- The catalog menu-service owns, and the availability projection it reads for the live menu.

CREATE TABLE venue (
    id          TEXT PRIMARY KEY,
    name        TEXT        NOT NULL,
    currency    CHAR(3)     NOT NULL,
    timezone    TEXT        NOT NULL,
    settings    JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE ingredient (
    venue_id    TEXT        NOT NULL REFERENCES venue (id),
    id          TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (venue_id, id)
);

-- recipe: {"lines": [{"ingredientId": "...", "ml": 40}, ...]}, every ingredient of the venue (checked on write)
CREATE TABLE drink (
    venue_id     TEXT          NOT NULL REFERENCES venue (id),
    id           TEXT          NOT NULL,
    name         TEXT          NOT NULL,
    description  TEXT,
    category     TEXT,
    price        NUMERIC(10,2) NOT NULL CHECK (price >= 0),
    image_url    TEXT,
    alcoholic    BOOLEAN       NOT NULL,
    active       BOOLEAN       NOT NULL,
    recipe       JSONB         NOT NULL,
    updated_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (venue_id, id)
);

-- Projection of rotender.inventory.availability: what can be poured now, and the venue's units.
CREATE TABLE drink_availability (
    venue_id     TEXT        NOT NULL,
    drink_id     TEXT        NOT NULL,
    available    BOOLEAN     NOT NULL,
    pourable     INT         NOT NULL,
    stock_level  TEXT        NOT NULL,
    units        JSONB       NOT NULL,
    event_time   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (venue_id, drink_id)
);

CREATE TABLE venue_unit (
    venue_id    TEXT        NOT NULL,
    unit_id     TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    location    TEXT,
    online      BOOLEAN     NOT NULL,
    event_time  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (venue_id, unit_id)
);
