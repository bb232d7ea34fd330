-- Venues whose availability must be recomputed. A change of stock, units or recipes appends a row in its own
-- transaction (an append waits on no other transaction, so reservations of one venue no longer queue behind a
-- per-venue lock); the availability refresher takes the rows and recomputes each venue once for all of them.
CREATE TABLE availability_pending (
    id         BIGSERIAL   PRIMARY KEY,
    venue_id   TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX availability_pending_venue ON availability_pending (venue_id);
