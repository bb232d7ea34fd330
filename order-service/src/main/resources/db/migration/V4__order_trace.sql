-- The trace context of the request that placed the order: the Pour that a later request (the code) triggers joins the
-- order's trace, so one trace shows the order from its POST to the unit's pour.
ALTER TABLE orders ADD COLUMN traceparent TEXT;
