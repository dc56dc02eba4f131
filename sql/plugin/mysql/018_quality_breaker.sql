-- The quality breaker (issue 13). pause_code: why a campaign is paused, as an English code next to
-- the Spanish pause_reason (admin, template_paused, template_red, number_red, number_restricted,
-- spam_limit, failure_rate, opt_out_rate, sender_error); '' when it is not paused. resumed_at: the
-- administrator's last "Reanudar", so the outcome-rate breaker judges only what was sent after it.
ALTER TABLE campaigns_campaigns
  ADD COLUMN pause_code VARCHAR(32) NOT NULL DEFAULT '',
  ADD COLUMN resumed_at DATETIME(3) NULL;
UPDATE campaigns_campaigns SET pause_code = CASE WHEN pause_reason = 'Pausada por un administrador' THEN 'admin'
  ELSE 'sender_error' END WHERE state = 'paused';

-- The sending number's quality as Meta last reported it (phone_number_quality_update,
-- account_update), one row per source account.
CREATE TABLE campaigns_number_quality (
  account_id BIGINT NOT NULL PRIMARY KEY,
  quality_rating VARCHAR(32) NOT NULL DEFAULT '',
  messaging_limit_tier VARCHAR(32) NOT NULL DEFAULT '',
  last_event VARCHAR(64) NOT NULL DEFAULT '',
  restricted TINYINT NOT NULL DEFAULT 0,
  updated_at DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A template's quality score (message_template_quality_update: GREEN, YELLOW, RED, UNKNOWN).
CREATE TABLE campaigns_template_quality (
  template_id BIGINT NOT NULL PRIMARY KEY,
  quality VARCHAR(32) NOT NULL,
  updated_at DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The opt-out share of a campaign's last outcomes looks up additions by entry.
CREATE INDEX ix_campaigns_suppression_history_entry ON campaigns_suppression_history (entry_id);
