-- Every webhook event, stored before Meta gets its 200 so none is lost. One row per status,
-- inbound message or template update (a POST may carry many); dedupe_key makes Meta's
-- at-least-once retries no-ops. Processing marks rows done in the same transaction as their effect.
CREATE TABLE campaigns_webhook_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dedupe_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  phone_number_id TEXT NOT NULL DEFAULT '',
  wamid TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT '',
  callback_data TEXT NOT NULL DEFAULT '',
  event_time INTEGER NOT NULL DEFAULT 0,
  payload TEXT NOT NULL,
  received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  processed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_campaigns_webhook_events_queue ON campaigns_webhook_events (processed, id);
CREATE INDEX ix_campaigns_webhook_events_wamid ON campaigns_webhook_events (wamid);
