-- Live updates poll "campaigns changed since" every 500 ms; this keeps that query an index range scan.
CREATE INDEX ix_campaigns_campaigns_updated ON campaigns_campaigns (updated_at);
