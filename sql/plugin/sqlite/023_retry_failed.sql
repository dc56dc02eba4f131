-- "Reintentar fallidos" (issue 12): a finished campaign sends the failures the administrator chose
-- again as a new attempt of the same campaign. retry_attempts: how many such attempts it had (the
-- dialog's preview names it, so a second click of the same dialog changes nothing). n_retried:
-- entries sent again by an attempt, each counted once however many attempts took it back.
-- retry_attempt on an entry: the last attempt that took it back (0 = only the first send).
ALTER TABLE campaigns_campaigns ADD COLUMN retry_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaigns_campaigns ADD COLUMN n_retried INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaigns_entries ADD COLUMN retry_attempt INTEGER NOT NULL DEFAULT 0;
