-- Plan and schedule a send (issue 13). A scheduled campaign waits in state 'scheduled' until
-- start_at (UTC); the scheduler task starts it with the same checks as "Enviar Campaña". When those
-- checks refuse at start time the campaign goes back to 'loaded' and schedule_problem keeps the
-- Spanish reason. An optional send window (local minutes of day, weekdays as a bit mask Monday = 1
-- ... Sunday = 64) holds sending outside it: hold_until (UTC) is when sending may go on. Approval
-- by a second administrator (approved_by/approved_at) for campaigns over the configured size.
ALTER TABLE campaigns_campaigns ADD COLUMN start_at TEXT NULL;
ALTER TABLE campaigns_campaigns ADD COLUMN schedule_problem TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns_campaigns ADD COLUMN window_from INTEGER NULL;
ALTER TABLE campaigns_campaigns ADD COLUMN window_to INTEGER NULL;
ALTER TABLE campaigns_campaigns ADD COLUMN window_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaigns_campaigns ADD COLUMN hold_until TEXT NULL;
ALTER TABLE campaigns_campaigns ADD COLUMN approval_requested_by INTEGER NULL;
ALTER TABLE campaigns_campaigns ADD COLUMN approved_by INTEGER NULL;
ALTER TABLE campaigns_campaigns ADD COLUMN approved_by_name TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns_campaigns ADD COLUMN approved_at TEXT NULL;
CREATE INDEX ix_campaigns_campaigns_start ON campaigns_campaigns (state, start_at);
