-- The sender claims due entries of a campaign in id order and recovers expired leases; tickets
-- are created for accepted entries and closed at their deadline.
CREATE INDEX ix_campaigns_entries_claim ON campaigns_entries (campaign_id, state, id);
CREATE INDEX ix_campaigns_entries_lease ON campaigns_entries (state, lease_until);
ALTER TABLE campaigns_entries ADD COLUMN ticket_deadline DATETIME(3) NULL, ADD COLUMN ticket_closed TINYINT NOT NULL DEFAULT 0;
CREATE INDEX ix_campaigns_entries_ticket_due ON campaigns_entries (ticket_closed, ticket_deadline);
CREATE INDEX ix_campaigns_entries_needs_ticket ON campaigns_entries (state, ticket_id);
-- Customer replies matched to an entry, kept until they have been written on its ticket (the
-- ticket may not exist yet when the reply arrives).
CREATE TABLE campaigns_inbound_messages (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entry_id BIGINT NOT NULL,
  wamid VARCHAR(255) NOT NULL,
  author VARCHAR(200) NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  received_at DATETIME(3) NOT NULL,
  delivered TINYINT NOT NULL DEFAULT 0,
  UNIQUE KEY uq_campaigns_inbound_wamid (wamid),
  KEY ix_campaigns_inbound_pending (delivered, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
