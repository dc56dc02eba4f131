-- Idempotency-Key answers of the create and send routes (issue 15): the first answer to a key is
-- kept 24 hours so a retried request (same user, same key, same method, path and body) gets the
-- same status and body instead of creating or sending again. status 0 = the first request is
-- still running. request_hash is the SHA-256 of method, path and body, to refuse a key reused for
-- a different request (422).
CREATE TABLE campaigns_idempotency_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL DEFAULT 0,
  response_body TEXT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_campaigns_idempotency_user_key ON campaigns_idempotency_keys (user_id, idem_key);
CREATE INDEX ix_campaigns_idempotency_created ON campaigns_idempotency_keys (created_at);
