-- Protect the sender's number (issue 12). Numbers that asked not to receive campaigns, per WABA
-- (quality and opt-outs belong to the WhatsApp Business Account, not to one phone number).
-- phone: E.164 digits without '+', as entries store them. reason: why (free text or the keyword
-- the customer wrote); source: user_preferences | error_131050 | button | keyword | manual | import.
CREATE TABLE campaigns_suppressions (
  waba_id VARCHAR(64) NOT NULL,
  phone VARCHAR(20) NOT NULL,
  reason VARCHAR(500) NOT NULL DEFAULT '',
  source VARCHAR(32) NOT NULL,
  campaign_id BIGINT NULL,
  entry_id BIGINT NULL,
  created_at DATETIME(3) NOT NULL,
  created_by VARCHAR(200) NOT NULL DEFAULT '',
  PRIMARY KEY (waba_id, phone),
  KEY ix_campaigns_suppressions_created (waba_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every change of the list: who added or removed a number, when and why. Never updated.
CREATE TABLE campaigns_suppression_history (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  waba_id VARCHAR(64) NOT NULL,
  phone VARCHAR(20) NOT NULL,
  action VARCHAR(16) NOT NULL,
  reason VARCHAR(500) NOT NULL DEFAULT '',
  source VARCHAR(32) NOT NULL,
  campaign_id BIGINT NULL,
  entry_id BIGINT NULL,
  changed_at DATETIME(3) NOT NULL,
  changed_by VARCHAR(200) NOT NULL DEFAULT '',
  KEY ix_campaigns_suppression_history_phone (waba_id, phone, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Quick-reply button payloads an administrator marked as "opt-out" on a template: a customer who
-- presses one is added to the suppression list of the template's WABA.
CREATE TABLE campaigns_template_optout_payloads (
  template_id BIGINT NOT NULL,
  payload VARCHAR(255) NOT NULL,
  PRIMARY KEY (template_id, payload)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Entries excluded because their number is suppressed (entry state 'suppressed': not sent, not
-- failed). A campaign total only, like n_cancelled.
ALTER TABLE campaigns_campaigns ADD COLUMN n_suppressed INT NOT NULL DEFAULT 0;

-- Entries refused with 131049 (Meta's per-user marketing cap) wait at least 24 hours in state
-- 'deferred' (next_attempt_at) instead of failing or being resent at once. A campaign total only.
ALTER TABLE campaigns_campaigns ADD COLUMN n_deferred INT NOT NULL DEFAULT 0;
