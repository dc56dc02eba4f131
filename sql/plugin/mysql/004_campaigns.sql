-- Campaigns and their entries (one row of the uploaded file = one message to one number).
-- Counters live on the campaign row and in per-day rows and change in the same transaction as
-- the entries they count, so the list and the analytics never need a COUNT over entries.
CREATE TABLE campaigns_campaigns (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  account_id BIGINT NOT NULL,
  template_id BIGINT NOT NULL,
  department_id BIGINT NULL,
  -- validating | loaded | invalid | sending | paused | cancelled | completed | completed_with_errors | failed
  state VARCHAR(32) NOT NULL,
  pause_reason VARCHAR(500) NOT NULL DEFAULT '',
  expects_response TINYINT NOT NULL DEFAULT 0,
  wait_hours INT NOT NULL DEFAULT 0,
  allow_duplicates TINYINT NOT NULL DEFAULT 0,
  header_media_id VARCHAR(128) NOT NULL DEFAULT '',
  header_media_link VARCHAR(1000) NOT NULL DEFAULT '',
  header_image_file VARCHAR(500) NOT NULL DEFAULT '',
  file_name VARCHAR(500) NOT NULL DEFAULT '',
  metadata_links_json TEXT NOT NULL,
  consent_at DATETIME NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_by_name VARCHAR(200) NOT NULL DEFAULT '',
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  send_requested_at DATETIME(3) NULL,
  first_sent_at DATETIME(3) NULL,
  finished_at DATETIME(3) NULL,
  response_deadline DATETIME(3) NULL,
  -- validation of large files in the background
  rows_total INT NOT NULL DEFAULT 0,
  rows_processed INT NOT NULL DEFAULT 0,
  error_count INT NOT NULL DEFAULT 0,
  errors_json MEDIUMTEXT NULL,
  -- counters
  entries_total INT NOT NULL DEFAULT 0,
  unique_phones INT NOT NULL DEFAULT 0,
  n_queued INT NOT NULL DEFAULT 0,
  n_accepted INT NOT NULL DEFAULT 0,
  n_failed_send INT NOT NULL DEFAULT 0,
  n_unknown INT NOT NULL DEFAULT 0,
  n_cancelled INT NOT NULL DEFAULT 0,
  n_sent INT NOT NULL DEFAULT 0,
  n_delivered INT NOT NULL DEFAULT 0,
  n_read INT NOT NULL DEFAULT 0,
  n_replied INT NOT NULL DEFAULT 0,
  n_replied_unread INT NOT NULL DEFAULT 0,
  n_addressed INT NOT NULL DEFAULT 0,
  n_failed_after_accept INT NOT NULL DEFAULT 0,
  KEY ix_campaigns_campaigns_state (state),
  KEY ix_campaigns_campaigns_account (account_id, created_at),
  KEY ix_campaigns_campaigns_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE campaigns_entries (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  campaign_id BIGINT NOT NULL,
  row_no INT NOT NULL,
  phone VARCHAR(20) NOT NULL,
  params_json TEXT NOT NULL,
  metadata_json TEXT NOT NULL,
  -- queued | dispatching | accepted | failed | unknown | cancelled
  state VARCHAR(16) NOT NULL DEFAULT 'queued',
  -- 0 none, 1 sent, 2 delivered, 3 read, 4 replied, 5 addressed; only ever moves forward
  progress TINYINT NOT NULL DEFAULT 0,
  read_seen TINYINT NOT NULL DEFAULT 0,
  failed_after_accept TINYINT NOT NULL DEFAULT 0,
  attempts INT NOT NULL DEFAULT 0,
  attempt_id VARCHAR(64) NOT NULL DEFAULT '',
  lease_owner VARCHAR(64) NOT NULL DEFAULT '',
  lease_until DATETIME(3) NULL,
  next_attempt_at DATETIME(3) NULL,
  error_code INT NOT NULL DEFAULT 0,
  error_reason VARCHAR(500) NOT NULL DEFAULT '',
  wamid VARCHAR(255) NULL,
  wa_id VARCHAR(32) NOT NULL DEFAULT '',
  ticket_id BIGINT NULL,
  accepted_at DATETIME(3) NULL,
  sent_at DATETIME(3) NULL,
  delivered_at DATETIME(3) NULL,
  read_at DATETIME(3) NULL,
  replied_at DATETIME(3) NULL,
  addressed_at DATETIME(3) NULL,
  failed_at DATETIME(3) NULL,
  updated_at DATETIME(3) NOT NULL,
  UNIQUE KEY uq_campaigns_entries_wamid (wamid),
  KEY ix_campaigns_entries_outbox (campaign_id, state, next_attempt_at),
  KEY ix_campaigns_entries_row (campaign_id, row_no),
  KEY ix_campaigns_entries_phone (phone, accepted_at),
  KEY ix_campaigns_entries_ticket (ticket_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Per campaign and day (installation time zone is applied when reading) for the analytics'
-- time series and date ranges. Same transaction as the entry change.
CREATE TABLE campaigns_daily_counters (
  campaign_id BIGINT NOT NULL,
  day DATE NOT NULL,
  n_accepted INT NOT NULL DEFAULT 0,
  n_failed_send INT NOT NULL DEFAULT 0,
  n_sent INT NOT NULL DEFAULT 0,
  n_delivered INT NOT NULL DEFAULT 0,
  n_read INT NOT NULL DEFAULT 0,
  n_replied INT NOT NULL DEFAULT 0,
  n_replied_unread INT NOT NULL DEFAULT 0,
  n_addressed INT NOT NULL DEFAULT 0,
  n_failed_after_accept INT NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, day),
  KEY ix_campaigns_daily_counters_day (day)
) ENGINE=InnoDB;

-- One instance at a time sends for an account, so the account's rate holds across instances.
CREATE TABLE campaigns_account_leases (
  account_id BIGINT NOT NULL PRIMARY KEY,
  owner VARCHAR(64) NOT NULL,
  lease_until DATETIME(3) NOT NULL
) ENGINE=InnoDB;
