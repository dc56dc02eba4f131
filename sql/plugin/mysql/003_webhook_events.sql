-- Every webhook event, stored before Meta gets its 200 so none is lost. One row per status,
-- inbound message or template update (a POST may carry many); dedupe_key makes Meta's
-- at-least-once retries no-ops. Processing marks rows done in the same transaction as their effect.
CREATE TABLE campaigns_webhook_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  dedupe_key VARCHAR(255) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  phone_number_id VARCHAR(64) NOT NULL DEFAULT '',
  wamid VARCHAR(255) NOT NULL DEFAULT '',
  status VARCHAR(32) NOT NULL DEFAULT '',
  callback_data VARCHAR(600) NOT NULL DEFAULT '',
  event_time BIGINT NOT NULL DEFAULT 0,
  payload MEDIUMTEXT NOT NULL,
  received_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  processed TINYINT NOT NULL DEFAULT 0,
  UNIQUE KEY uq_campaigns_webhook_events (dedupe_key),
  KEY ix_campaigns_webhook_events_queue (processed, id),
  KEY ix_campaigns_webhook_events_wamid (wamid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
