-- Analytics (Analítica > Mis campañas) answer from counters only.
-- campaigns_daily_counters.day is the installation's LOCAL date of the event (see
-- plugin/analytics/LocalDays.h, dayKeyFor), so a date range counts exactly the events of its days.
--
-- The same per-day counters summed over every campaign of an account and department, so a
-- filter without a campaign list reads a few rows per day instead of one row per campaign and
-- day. Kept by the triggers below in the same statement as every change of
-- campaigns_daily_counters, so whoever writes the per-campaign rows keeps this in step.
-- department_id 0 = no department. (With binary logging on, creating triggers needs SUPER or
-- log_bin_trust_function_creators=1 for the migration's user.)
CREATE TABLE campaigns_daily_rollup (
  day DATE NOT NULL,
  account_id BIGINT NOT NULL,
  department_id BIGINT NOT NULL,
  n_accepted INT NOT NULL DEFAULT 0,
  n_failed_send INT NOT NULL DEFAULT 0,
  n_sent INT NOT NULL DEFAULT 0,
  n_delivered INT NOT NULL DEFAULT 0,
  n_read INT NOT NULL DEFAULT 0,
  n_replied INT NOT NULL DEFAULT 0,
  n_replied_unread INT NOT NULL DEFAULT 0,
  n_addressed INT NOT NULL DEFAULT 0,
  n_failed_after_accept INT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, account_id, department_id)
) ENGINE=InnoDB;

INSERT INTO campaigns_daily_rollup (day, account_id, department_id, n_accepted, n_failed_send, n_sent,
  n_delivered, n_read, n_replied, n_replied_unread, n_addressed, n_failed_after_accept)
SELECT d.day, c.account_id, COALESCE(c.department_id, 0), SUM(d.n_accepted), SUM(d.n_failed_send),
  SUM(d.n_sent), SUM(d.n_delivered), SUM(d.n_read), SUM(d.n_replied), SUM(d.n_replied_unread),
  SUM(d.n_addressed), SUM(d.n_failed_after_accept)
FROM campaigns_daily_counters d JOIN campaigns_campaigns c ON c.id = d.campaign_id
GROUP BY d.day, c.account_id, COALESCE(c.department_id, 0);

-- Which campaigns a range shows (sending overlaps the range) and their state counters, read from
-- the index alone.
CREATE INDEX ix_campaigns_campaigns_analytics ON campaigns_campaigns
  (first_sent_at, finished_at, account_id, department_id, unique_phones, entries_total, n_queued, n_unknown);

CREATE TRIGGER trg_campaigns_daily_rollup_ins AFTER INSERT ON campaigns_daily_counters FOR EACH ROW
  INSERT INTO campaigns_daily_rollup (day, account_id, department_id, n_accepted, n_failed_send, n_sent, n_delivered, n_read, n_replied, n_replied_unread, n_addressed, n_failed_after_accept)
  SELECT NEW.day, c.account_id, COALESCE(c.department_id, 0), NEW.n_accepted, NEW.n_failed_send, NEW.n_sent, NEW.n_delivered, NEW.n_read, NEW.n_replied, NEW.n_replied_unread, NEW.n_addressed, NEW.n_failed_after_accept
  FROM campaigns_campaigns c WHERE c.id = NEW.campaign_id
  ON DUPLICATE KEY UPDATE campaigns_daily_rollup.n_accepted = campaigns_daily_rollup.n_accepted + VALUES(n_accepted), campaigns_daily_rollup.n_failed_send = campaigns_daily_rollup.n_failed_send + VALUES(n_failed_send), campaigns_daily_rollup.n_sent = campaigns_daily_rollup.n_sent + VALUES(n_sent), campaigns_daily_rollup.n_delivered = campaigns_daily_rollup.n_delivered + VALUES(n_delivered), campaigns_daily_rollup.n_read = campaigns_daily_rollup.n_read + VALUES(n_read), campaigns_daily_rollup.n_replied = campaigns_daily_rollup.n_replied + VALUES(n_replied), campaigns_daily_rollup.n_replied_unread = campaigns_daily_rollup.n_replied_unread + VALUES(n_replied_unread), campaigns_daily_rollup.n_addressed = campaigns_daily_rollup.n_addressed + VALUES(n_addressed), campaigns_daily_rollup.n_failed_after_accept = campaigns_daily_rollup.n_failed_after_accept + VALUES(n_failed_after_accept);

CREATE TRIGGER trg_campaigns_daily_rollup_upd AFTER UPDATE ON campaigns_daily_counters FOR EACH ROW
  INSERT INTO campaigns_daily_rollup (day, account_id, department_id, n_accepted, n_failed_send, n_sent, n_delivered, n_read, n_replied, n_replied_unread, n_addressed, n_failed_after_accept)
  SELECT NEW.day, c.account_id, COALESCE(c.department_id, 0), NEW.n_accepted - OLD.n_accepted, NEW.n_failed_send - OLD.n_failed_send, NEW.n_sent - OLD.n_sent, NEW.n_delivered - OLD.n_delivered, NEW.n_read - OLD.n_read, NEW.n_replied - OLD.n_replied, NEW.n_replied_unread - OLD.n_replied_unread, NEW.n_addressed - OLD.n_addressed, NEW.n_failed_after_accept - OLD.n_failed_after_accept
  FROM campaigns_campaigns c WHERE c.id = NEW.campaign_id
  ON DUPLICATE KEY UPDATE campaigns_daily_rollup.n_accepted = campaigns_daily_rollup.n_accepted + VALUES(n_accepted), campaigns_daily_rollup.n_failed_send = campaigns_daily_rollup.n_failed_send + VALUES(n_failed_send), campaigns_daily_rollup.n_sent = campaigns_daily_rollup.n_sent + VALUES(n_sent), campaigns_daily_rollup.n_delivered = campaigns_daily_rollup.n_delivered + VALUES(n_delivered), campaigns_daily_rollup.n_read = campaigns_daily_rollup.n_read + VALUES(n_read), campaigns_daily_rollup.n_replied = campaigns_daily_rollup.n_replied + VALUES(n_replied), campaigns_daily_rollup.n_replied_unread = campaigns_daily_rollup.n_replied_unread + VALUES(n_replied_unread), campaigns_daily_rollup.n_addressed = campaigns_daily_rollup.n_addressed + VALUES(n_addressed), campaigns_daily_rollup.n_failed_after_accept = campaigns_daily_rollup.n_failed_after_accept + VALUES(n_failed_after_accept);

CREATE TRIGGER trg_campaigns_daily_rollup_del AFTER DELETE ON campaigns_daily_counters FOR EACH ROW
  INSERT INTO campaigns_daily_rollup (day, account_id, department_id, n_accepted, n_failed_send, n_sent, n_delivered, n_read, n_replied, n_replied_unread, n_addressed, n_failed_after_accept)
  SELECT OLD.day, c.account_id, COALESCE(c.department_id, 0), -OLD.n_accepted, -OLD.n_failed_send, -OLD.n_sent, -OLD.n_delivered, -OLD.n_read, -OLD.n_replied, -OLD.n_replied_unread, -OLD.n_addressed, -OLD.n_failed_after_accept
  FROM campaigns_campaigns c WHERE c.id = OLD.campaign_id
  ON DUPLICATE KEY UPDATE campaigns_daily_rollup.n_accepted = campaigns_daily_rollup.n_accepted + VALUES(n_accepted), campaigns_daily_rollup.n_failed_send = campaigns_daily_rollup.n_failed_send + VALUES(n_failed_send), campaigns_daily_rollup.n_sent = campaigns_daily_rollup.n_sent + VALUES(n_sent), campaigns_daily_rollup.n_delivered = campaigns_daily_rollup.n_delivered + VALUES(n_delivered), campaigns_daily_rollup.n_read = campaigns_daily_rollup.n_read + VALUES(n_read), campaigns_daily_rollup.n_replied = campaigns_daily_rollup.n_replied + VALUES(n_replied), campaigns_daily_rollup.n_replied_unread = campaigns_daily_rollup.n_replied_unread + VALUES(n_replied_unread), campaigns_daily_rollup.n_addressed = campaigns_daily_rollup.n_addressed + VALUES(n_addressed), campaigns_daily_rollup.n_failed_after_accept = campaigns_daily_rollup.n_failed_after_accept + VALUES(n_failed_after_accept);
