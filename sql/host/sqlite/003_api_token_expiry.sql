-- API tokens expire and can be revoked (issue 15). Both are epoch ms. Tokens made before this
-- migration keep expires_at NULL (no expiry, as they were issued) until an administrator revokes
-- them; the users page lists them as "Sin vencimiento". New tokens always get an expiry.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NULL;
ALTER TABLE api_tokens ADD COLUMN revoked_at BIGINT NULL;
