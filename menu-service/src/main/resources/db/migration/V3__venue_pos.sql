-- The POS each venue forwards its orders to, from rotender.connectors.pos (owned by proxy-connectors). A drink
-- change that venue's POS would refuse after the sale is refused here, when it is made (Restaumatic: a free drink).
CREATE TABLE venue_pos (
    venue_id   text PRIMARY KEY,
    pos        text        NOT NULL,
    event_time timestamptz NOT NULL
);
