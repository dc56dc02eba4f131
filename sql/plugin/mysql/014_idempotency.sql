-- Idempotency-Key answers of the create and send routes (issue 15): the first answer to a key is
-- kept 24 hours so a retried request (same user, same key, same method, path and body) gets the
-- same status and body instead of creating or sending again. status 0 = the first request is
-- still running. request_hash is the SHA-256 of method, path and body, to refuse a key reused for
-- a different request (422).
CREATE TABLE campaigns_idempotency_keys (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  idem_key VARCHAR(200) NOT NULL,
  request_hash CHAR(64) NOT NULL,
  status INT NOT NULL DEFAULT 0,
  response_body MEDIUMTEXT NULL,
  created_at DATETIME(3) NOT NULL,
  UNIQUE KEY ux_campaigns_idempotency_user_key (user_id, idem_key),
  KEY ix_campaigns_idempotency_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
