-- "Enviar prueba" (issue 13): a campaign's template sent with the values of one of its rows to a
-- phone the administrator types. Kept apart from campaigns_entries so a test never counts in the
-- campaign, its counters or the analytics; status webhooks of its wamid update this row.
CREATE TABLE campaigns_test_messages (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  campaign_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL DEFAULT 0,
  row_no INT NOT NULL,
  phone VARCHAR(20) NOT NULL,
  -- sending | accepted | sent | delivered | read | failed
  state VARCHAR(16) NOT NULL,
  wamid VARCHAR(128) NULL,
  error_code INT NOT NULL DEFAULT 0,
  error_reason VARCHAR(1000) NOT NULL DEFAULT '',
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  UNIQUE KEY uq_campaigns_test_messages_wamid (wamid),
  KEY ix_campaigns_test_messages_campaign (campaign_id, created_at),
  KEY ix_campaigns_test_messages_user (user_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
