-- The partner a message is about (contracts' PartnerScoped), sent as the CloudEvents extension header ce_partnerid
-- so that a consumer serving some partners only passes over the others' messages without reading them.
ALTER TABLE outbox_event ADD COLUMN partner_id TEXT;
