-- Files an administrator uploaded in the "Crear Campaña" modal before the campaign exists: the
-- recipients sheet (kind 'sheet') and the header image (kind 'image'). The bytes live under the
-- plugin's data folder (uploads/<id>); rows and files expire after a day unless a campaign uses them.
CREATE TABLE campaigns_uploads (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  file_name VARCHAR(500) NOT NULL,
  stored_path VARCHAR(1000) NOT NULL,
  size_bytes BIGINT NOT NULL DEFAULT 0,
  mime VARCHAR(100) NOT NULL DEFAULT '',
  data_rows INT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL,
  campaign_id BIGINT NULL,
  KEY ix_campaigns_uploads_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
