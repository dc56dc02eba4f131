-- Send in waves (issue 13, "Programar en tandas"): when the WABA's messaging limit (unique users per
-- moving 24 h) does not cover a campaign, the plan's waves are computed again on the server and kept
-- here when the campaign starts: wave 1 starts at once, each later one at starts_at (UTC). The
-- entries of a later wave wait in the queue with next_attempt_at = its starts_at, written in the same
-- transaction, so sending needs nothing else to respect them. Read by the list ("Ola 1 de 3").
CREATE TABLE campaigns_campaign_waves (
  campaign_id BIGINT NOT NULL,
  number INT NOT NULL,
  starts_at DATETIME(3) NOT NULL,
  recipients BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
