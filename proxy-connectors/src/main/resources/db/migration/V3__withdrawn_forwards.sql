-- An order that leaves the confirmed path (cancelled, expired) before its POS got it is withdrawn: the sender
-- no longer sends it to Restaumatic and PORTOS no longer sees it among the unprocessed orders.
ALTER TABLE forwarded_order DROP CONSTRAINT forwarded_order_delivery_check;
ALTER TABLE forwarded_order ADD CONSTRAINT forwarded_order_delivery_check
    CHECK (delivery IN ('queued', 'delivered', 'dead', 'withdrawn'));
