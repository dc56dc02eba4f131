-- Plan and schedule a send (issue 13). A scheduled campaign waits in state 'scheduled' until
-- start_at (UTC); the scheduler task starts it with the same checks as "Enviar Campaña". When those
-- checks refuse at start time the campaign goes back to 'loaded' and schedule_problem keeps the
-- Spanish reason. An optional send window (local minutes of day, weekdays as a bit mask Monday = 1
-- ... Sunday = 64) holds sending outside it: hold_until (UTC) is when sending may go on. Approval
-- by a second administrator (approved_by/approved_at) for campaigns over the configured size.
ALTER TABLE campaigns_campaigns
  ADD COLUMN start_at DATETIME(3) NULL,
  ADD COLUMN schedule_problem VARCHAR(1000) NOT NULL DEFAULT '',
  ADD COLUMN window_from INT NULL,
  ADD COLUMN window_to INT NULL,
  ADD COLUMN window_days INT NOT NULL DEFAULT 0,
  ADD COLUMN hold_until DATETIME(3) NULL,
  ADD COLUMN approval_requested_by BIGINT NULL,
  ADD COLUMN approved_by BIGINT NULL,
  ADD COLUMN approved_by_name VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN approved_at DATETIME(3) NULL;
CREATE INDEX ix_campaigns_campaigns_start ON campaigns_campaigns (state, start_at);
