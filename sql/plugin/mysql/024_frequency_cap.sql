-- Frequency cap (issue 12): at most N marketing templates per recipient per 24 hours, counted over
-- every campaign of the account's WABA. WhatsApp's own per-user marketing limit is per person
-- across businesses, so another number of the same WABA does not start a fresh count; going over
-- it only earns 131049 failures and a lower quality rating. 0 = no cap.
ALTER TABLE campaigns_accounts ADD COLUMN frequency_cap_per_day INT NOT NULL DEFAULT 1;
ALTER TABLE campaigns_campaigns
  -- Chosen at creation: entries over the cap wait until the window frees ('hold') or are left
  -- unsent in the final state 'capped' ('skip').
  ADD COLUMN frequency_cap_action VARCHAR(8) NOT NULL DEFAULT 'hold',
  -- Entries not sent because of the cap (state 'capped'). A campaign total only, like n_suppressed.
  ADD COLUMN n_capped INT NOT NULL DEFAULT 0;
-- The cap looks up a claim batch's phones among the entries of the WABA's marketing campaigns that
-- sent within the last 24 hours: (phone, campaign_id) finds exactly those, a few rows per phone,
-- however many older campaigns reached the number. Not accepted_at: it changes on every accept and
-- would rewrite the index each time (011_reply_match). Replies matched by phone use its prefix.
ALTER TABLE campaigns_entries DROP INDEX ix_campaigns_entries_phone, ADD INDEX ix_campaigns_entries_phone (phone, campaign_id);
