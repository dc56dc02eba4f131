-- The sender claims due entries of a campaign in id order and recovers expired leases; tickets
-- are created for accepted entries and closed at their deadline.
CREATE INDEX ix_campaigns_entries_claim ON campaigns_entries (campaign_id, state, id);
CREATE INDEX ix_campaigns_entries_lease ON campaigns_entries (state, lease_until);
ALTER TABLE campaigns_entries ADD COLUMN ticket_deadline TEXT NULL;
ALTER TABLE campaigns_entries ADD COLUMN ticket_closed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_campaigns_entries_ticket_due ON campaigns_entries (ticket_closed, ticket_deadline);
CREATE INDEX ix_campaigns_entries_needs_ticket ON campaigns_entries (state, ticket_id);
-- Customer replies matched to an entry, kept until they have been written on its ticket (the
-- ticket may not exist yet when the reply arrives).
CREATE TABLE campaigns_inbound_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  entry_id INTEGER NOT NULL,
  wamid TEXT NOT NULL UNIQUE,
  author TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  received_at TEXT NOT NULL,
  delivered INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_campaigns_inbound_pending ON campaigns_inbound_messages (delivered, id);
