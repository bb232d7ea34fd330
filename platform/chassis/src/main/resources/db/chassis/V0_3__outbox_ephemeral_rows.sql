-- Rows that must not outlive their delivery (a confirmation code on its way to a unit's screen) are
-- deleted by the relay once Kafka acknowledged them, instead of being kept as sent.
ALTER TABLE outbox_event ADD COLUMN retain BOOLEAN NOT NULL DEFAULT true;
