-- The relay's lane of each row (OutboxLanes: the record key's hash modulo 16). A lane is relayed by one replica at a
-- time, so a key's rows keep their order while replicas relay different lanes in parallel. Rows written before this
-- column existed are in lane 0.
ALTER TABLE outbox_event ADD COLUMN lane SMALLINT NOT NULL DEFAULT 0;
