-- Protect the sender's number (issue 12). Numbers that asked not to receive campaigns, per WABA
-- (quality and opt-outs belong to the WhatsApp Business Account, not to one phone number).
-- phone: E.164 digits without '+', as entries store them. reason: why (free text or the keyword
-- the customer wrote); source: user_preferences | error_131050 | button | keyword | manual | import.
CREATE TABLE campaigns_suppressions (
  waba_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  campaign_id INTEGER NULL,
  entry_id INTEGER NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (waba_id, phone)
);
CREATE INDEX ix_campaigns_suppressions_created ON campaigns_suppressions (waba_id, created_at);

-- Every change of the list: who added or removed a number, when and why. Never updated.
CREATE TABLE campaigns_suppression_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  waba_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  action TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  campaign_id INTEGER NULL,
  entry_id INTEGER NULL,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_campaigns_suppression_history_phone ON campaigns_suppression_history (waba_id, phone, id);

-- Quick-reply button payloads an administrator marked as "opt-out" on a template: a customer who
-- presses one is added to the suppression list of the template's WABA.
CREATE TABLE campaigns_template_optout_payloads (
  template_id INTEGER NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY (template_id, payload)
);

-- Entries excluded because their number is suppressed (entry state 'suppressed': not sent, not
-- failed). A campaign total only, like n_cancelled.
ALTER TABLE campaigns_campaigns ADD COLUMN n_suppressed INTEGER NOT NULL DEFAULT 0;

-- Entries refused with 131049 (Meta's per-user marketing cap) wait at least 24 hours in state
-- 'deferred' (next_attempt_at) instead of failing or being resent at once. A campaign total only.
ALTER TABLE campaigns_campaigns ADD COLUMN n_deferred INTEGER NOT NULL DEFAULT 0;
