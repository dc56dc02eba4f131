-- Every index that holds `state` is rewritten on each of an entry's four state changes; three did.
-- (ticket_id, state) serves the ticket lookups, "accepted without a ticket" and expired claims
-- (a claimed or dispatching entry never has a ticket). Same change as the MySQL migration.
CREATE INDEX ix_campaigns_entries_ticket_state ON campaigns_entries (ticket_id, state);
DROP INDEX IF EXISTS ix_campaigns_entries_ticket;
DROP INDEX IF EXISTS ix_campaigns_entries_needs_ticket;
DROP INDEX IF EXISTS ix_campaigns_entries_lease;
-- Webhook events: the processor reads one kind at a time, so (kind, processed, id) alone serves
-- every queue reader and (processed, id) goes.
DROP INDEX IF EXISTS ix_campaigns_webhook_events_queue;
