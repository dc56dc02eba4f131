-- The claim index (campaign_id, state, id) serves claims in id order; the older outbox index
-- only cost maintenance on every entry update. Template-status polling looks up events by kind.
DROP INDEX IF EXISTS ix_campaigns_entries_outbox;
CREATE INDEX ix_campaigns_webhook_events_kind ON campaigns_webhook_events (kind, processed, id);
