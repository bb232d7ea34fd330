-- The partners' change feed (GET /venues/{venueId}/orders?updated_after=<cursor>): every write of an order stamps it
-- with its transaction's id and a sequence number. The feed reads only rows whose transaction is older than every
-- transaction still running (pg_snapshot_xmin), in (transaction, sequence) order: a change committed later always
-- sorts after a cursor already handed out, so paging with the cursor misses nothing under concurrent writes.
CREATE SEQUENCE order_change_seq;
ALTER TABLE orders ADD COLUMN change_xid xid8;
ALTER TABLE orders ADD COLUMN change_seq BIGINT;
UPDATE orders SET change_xid = pg_current_xact_id(), change_seq = nextval('order_change_seq');
ALTER TABLE orders ALTER COLUMN change_xid SET NOT NULL;
ALTER TABLE orders ALTER COLUMN change_seq SET NOT NULL;

CREATE FUNCTION order_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_xid := pg_current_xact_id();
    NEW.change_seq := nextval('order_change_seq');
    RETURN NEW;
END $$;
CREATE TRIGGER order_changed BEFORE INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION order_changed();

CREATE INDEX orders_change_feed ON orders (partner_id, venue_id, change_xid, change_seq);
