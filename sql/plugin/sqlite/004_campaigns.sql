-- Campaigns and their entries (one row of the uploaded file = one message to one number).
-- Counters live on the campaign row and in per-day rows and change in the same transaction as
-- the entries they count, so the list and the analytics never need a COUNT over entries.
CREATE TABLE campaigns_campaigns (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  account_id INTEGER NOT NULL,
  template_id INTEGER NOT NULL,
  department_id INTEGER NULL,
  -- validating | loaded | invalid | sending | paused | cancelled | completed | completed_with_errors | failed
  state TEXT NOT NULL,
  pause_reason TEXT NOT NULL DEFAULT '',
  expects_response INTEGER NOT NULL DEFAULT 0,
  wait_hours INTEGER NOT NULL DEFAULT 0,
  allow_duplicates INTEGER NOT NULL DEFAULT 0,
  header_media_id TEXT NOT NULL DEFAULT '',
  header_media_link TEXT NOT NULL DEFAULT '',
  header_image_file TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL DEFAULT '',
  metadata_links_json TEXT NOT NULL,
  consent_at TEXT NOT NULL,
  created_by INTEGER NOT NULL DEFAULT 0,
  created_by_name TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  send_requested_at TEXT NULL,
  first_sent_at TEXT NULL,
  finished_at TEXT NULL,
  response_deadline TEXT NULL,
  -- validation of large files in the background
  rows_total INTEGER NOT NULL DEFAULT 0,
  rows_processed INTEGER NOT NULL DEFAULT 0,
  error_count INTEGER NOT NULL DEFAULT 0,
  errors_json TEXT NULL,
  -- counters
  entries_total INTEGER NOT NULL DEFAULT 0,
  unique_phones INTEGER NOT NULL DEFAULT 0,
  n_queued INTEGER NOT NULL DEFAULT 0,
  n_accepted INTEGER NOT NULL DEFAULT 0,
  n_failed_send INTEGER NOT NULL DEFAULT 0,
  n_unknown INTEGER NOT NULL DEFAULT 0,
  n_cancelled INTEGER NOT NULL DEFAULT 0,
  n_sent INTEGER NOT NULL DEFAULT 0,
  n_delivered INTEGER NOT NULL DEFAULT 0,
  n_read INTEGER NOT NULL DEFAULT 0,
  n_replied INTEGER NOT NULL DEFAULT 0,
  n_replied_unread INTEGER NOT NULL DEFAULT 0,
  n_addressed INTEGER NOT NULL DEFAULT 0,
  n_failed_after_accept INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_campaigns_campaigns_state ON campaigns_campaigns (state);
CREATE INDEX ix_campaigns_campaigns_account ON campaigns_campaigns (account_id, created_at);
CREATE INDEX ix_campaigns_campaigns_created ON campaigns_campaigns (created_at);

CREATE TABLE campaigns_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  campaign_id INTEGER NOT NULL,
  row_no INTEGER NOT NULL,
  phone TEXT NOT NULL,
  params_json TEXT NOT NULL,
  metadata_json TEXT NOT NULL,
  -- queued | dispatching | accepted | failed | unknown | cancelled
  state TEXT NOT NULL DEFAULT 'queued',
  -- 0 none, 1 sent, 2 delivered, 3 read, 4 replied, 5 addressed; only ever moves forward
  progress INTEGER NOT NULL DEFAULT 0,
  read_seen INTEGER NOT NULL DEFAULT 0,
  failed_after_accept INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  attempt_id TEXT NOT NULL DEFAULT '',
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until TEXT NULL,
  next_attempt_at TEXT NULL,
  error_code INTEGER NOT NULL DEFAULT 0,
  error_reason TEXT NOT NULL DEFAULT '',
  wamid TEXT NULL,
  wa_id TEXT NOT NULL DEFAULT '',
  ticket_id INTEGER NULL,
  accepted_at TEXT NULL,
  sent_at TEXT NULL,
  delivered_at TEXT NULL,
  read_at TEXT NULL,
  replied_at TEXT NULL,
  addressed_at TEXT NULL,
  failed_at TEXT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX uq_campaigns_entries_wamid ON campaigns_entries (wamid);
CREATE INDEX ix_campaigns_entries_outbox ON campaigns_entries (campaign_id, state, next_attempt_at);
CREATE INDEX ix_campaigns_entries_row ON campaigns_entries (campaign_id, row_no);
CREATE INDEX ix_campaigns_entries_phone ON campaigns_entries (phone, accepted_at);
CREATE INDEX ix_campaigns_entries_ticket ON campaigns_entries (ticket_id);

-- Per campaign and day (installation time zone is applied when reading) for the analytics'
-- time series and date ranges. Same transaction as the entry change.
CREATE TABLE campaigns_daily_counters (
  campaign_id INTEGER NOT NULL,
  day TEXT NOT NULL,
  n_accepted INTEGER NOT NULL DEFAULT 0,
  n_failed_send INTEGER NOT NULL DEFAULT 0,
  n_sent INTEGER NOT NULL DEFAULT 0,
  n_delivered INTEGER NOT NULL DEFAULT 0,
  n_read INTEGER NOT NULL DEFAULT 0,
  n_replied INTEGER NOT NULL DEFAULT 0,
  n_replied_unread INTEGER NOT NULL DEFAULT 0,
  n_addressed INTEGER NOT NULL DEFAULT 0,
  n_failed_after_accept INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, day)
);
CREATE INDEX ix_campaigns_daily_counters_day ON campaigns_daily_counters (day);

-- One instance at a time sends for an account, so the account's rate holds across instances.
CREATE TABLE campaigns_account_leases (
  account_id INTEGER NOT NULL PRIMARY KEY,
  owner TEXT NOT NULL,
  lease_until TEXT NOT NULL
);
