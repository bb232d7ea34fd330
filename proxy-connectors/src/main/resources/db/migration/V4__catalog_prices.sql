-- The drinks of each venue as the catalog publishes them (rotender.menu.catalog), for the checks a POS needs
-- before an order is sold: Restaumatic refuses a product whose grossUnitPrice is not positive.
CREATE TABLE catalog_drink (
    venue_id    TEXT          NOT NULL,
    drink_id    TEXT          NOT NULL,
    name        TEXT          NOT NULL,
    price       NUMERIC(10,2) NOT NULL,
    sold        BOOLEAN       NOT NULL,
    updated_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (venue_id, drink_id)
);
