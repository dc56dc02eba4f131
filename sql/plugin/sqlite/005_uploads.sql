-- Files an administrator uploaded in the "Crear Campaña" modal before the campaign exists: the
-- recipients sheet (kind 'sheet') and the header image (kind 'image'). The bytes live under the
-- plugin's data folder (uploads/<id>); rows and files expire after a day unless a campaign uses them.
CREATE TABLE campaigns_uploads (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  file_name TEXT NOT NULL,
  stored_path TEXT NOT NULL,
  size_bytes INTEGER NOT NULL DEFAULT 0,
  mime TEXT NOT NULL DEFAULT '',
  data_rows INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  campaign_id INTEGER NULL
);
CREATE INDEX ix_campaigns_uploads_created ON campaigns_uploads (created_at);
