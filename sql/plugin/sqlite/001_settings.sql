-- Key/value settings the plugin keeps for the installation (e.g. the last template sync time).
CREATE TABLE campaigns_settings (
  name TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
