-- Live updates poll "campaigns changed since" every 500 ms; this keeps that query an index range scan.
CREATE INDEX ix_campaigns_campaigns_updated ON campaigns_campaigns (updated_at);
-- The results download reads a campaign's entries in id order, 5,000 at a time
-- (WHERE campaign_id = ? AND id > ? ORDER BY id): without this index each page would scan and sort
-- every entry of the campaign, which made a 1,000,000-entry CSV take 38 s instead of seconds.
CREATE INDEX ix_campaigns_entries_campaign_id ON campaigns_entries (campaign_id, id);
