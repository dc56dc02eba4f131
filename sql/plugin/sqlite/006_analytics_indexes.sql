-- Analytics (Analítica > Mis campañas) answer from counters only.
-- campaigns_daily_counters.day is the installation's LOCAL date of the event (see
-- plugin/analytics/LocalDays.h, dayKeyFor), so a date range counts exactly the events of its days.
--
-- The per-day counters summed over every campaign of an account and department. On MariaDB this
-- is a table kept by triggers (a filter without a campaign list then reads a few rows per day);
-- an embedded SQLite installation is small, so here the same name is a view and the analytics
-- query text is the same on both. department_id 0 = no department.
CREATE VIEW campaigns_daily_rollup AS
SELECT d.day AS day, c.account_id AS account_id, COALESCE(c.department_id, 0) AS department_id,
  SUM(d.n_accepted) AS n_accepted, SUM(d.n_failed_send) AS n_failed_send, SUM(d.n_sent) AS n_sent,
  SUM(d.n_delivered) AS n_delivered, SUM(d.n_read) AS n_read, SUM(d.n_replied) AS n_replied,
  SUM(d.n_replied_unread) AS n_replied_unread, SUM(d.n_addressed) AS n_addressed,
  SUM(d.n_failed_after_accept) AS n_failed_after_accept
FROM campaigns_daily_counters d JOIN campaigns_campaigns c ON c.id = d.campaign_id
GROUP BY d.day, c.account_id, COALESCE(c.department_id, 0);

-- Which campaigns a range shows (sending overlaps the range) and their state counters, read from
-- the index alone.
CREATE INDEX ix_campaigns_campaigns_analytics ON campaigns_campaigns
  (first_sent_at, finished_at, account_id, department_id, unique_phones, entries_total, n_queued, n_unknown);
