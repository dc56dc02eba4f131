-- The source account's phone number as Meta displays it, digits only ('' until known). Meta's
-- phone_number_quality_update names the number only by it (no phone-number id), so the quality
-- breaker pauses the campaigns of that one number instead of every number of the WABA. Recorded by
-- the account's connection test (GET /{phone-number-id}); cleared when the phone-number id changes.
ALTER TABLE campaigns_accounts ADD COLUMN display_phone_number TEXT NOT NULL DEFAULT '';
