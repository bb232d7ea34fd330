-- What inventory-service last said about each drink (rotender.inventory.availability): a drink it says no unit
-- can pour is answered 409 out-of-stock at once, without a reservation round trip through inventory. The
-- reservation stays the only judge of a sale: a drink with no row here, or marked available, goes to inventory.
CREATE TABLE drink_availability (
    venue_id   text        NOT NULL,
    drink_id   text        NOT NULL,
    available  boolean     NOT NULL,
    event_time timestamptz NOT NULL,
    PRIMARY KEY (venue_id, drink_id)
);
