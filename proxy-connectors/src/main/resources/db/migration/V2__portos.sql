-- PORTOS: the product id of each drink in the venue's PORTOS (so the till's stock is updated), and how many
-- unprocessed orders one poll returns.
ALTER TABLE pos_settings ADD COLUMN portos_product_ids JSONB NOT NULL DEFAULT '{}';
ALTER TABLE pos_settings ADD COLUMN portos_page_size INT NOT NULL DEFAULT 50;
CREATE INDEX forwarded_order_portos_unprocessed ON forwarded_order (venue_id, created_at) WHERE pos = 'portos' AND delivery = 'queued';
