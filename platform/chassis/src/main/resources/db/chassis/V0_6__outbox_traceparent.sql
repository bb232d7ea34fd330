-- The W3C trace context (traceparent) of the transaction that wrote the event: the relay sends it as the record's
-- traceparent header, so a trace that started at a partner's request goes on through Kafka, however late the relay runs.
ALTER TABLE outbox_event ADD COLUMN traceparent TEXT;
