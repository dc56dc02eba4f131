-- "Enviar prueba" (issue 13): a campaign's template sent with the values of one of its rows to a
-- phone the administrator types. Kept apart from campaigns_entries so a test never counts in the
-- campaign, its counters or the analytics; status webhooks of its wamid update this row.
CREATE TABLE campaigns_test_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  campaign_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL DEFAULT 0,
  row_no INTEGER NOT NULL,
  phone TEXT NOT NULL,
  -- sending | accepted | sent | delivered | read | failed
  state TEXT NOT NULL,
  wamid TEXT NULL,
  error_code INTEGER NOT NULL DEFAULT 0,
  error_reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX uq_campaigns_test_messages_wamid ON campaigns_test_messages (wamid);
CREATE INDEX ix_campaigns_test_messages_campaign ON campaigns_test_messages (campaign_id, created_at);
CREATE INDEX ix_campaigns_test_messages_user ON campaigns_test_messages (user_id, id);
