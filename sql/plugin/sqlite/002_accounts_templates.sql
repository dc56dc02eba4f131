-- Source accounts ("Cuenta de Origen"): one WhatsApp Business phone number each. Secrets are
-- sealed by the plugin (AES-256-GCM, key id prefix); only their last four characters are kept clear.
CREATE TABLE campaigns_accounts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  display_name TEXT NOT NULL,
  phone_number_id TEXT NOT NULL UNIQUE,
  waba_id TEXT NOT NULL,
  access_token_sealed TEXT NOT NULL,
  access_token_last4 TEXT NOT NULL DEFAULT '',
  app_secret_sealed TEXT NOT NULL,
  app_secret_last4 TEXT NOT NULL DEFAULT '',
  verify_token_sealed TEXT NOT NULL,
  verify_token_last4 TEXT NOT NULL DEFAULT '',
  graph_base_url TEXT NOT NULL,
  graph_version TEXT NOT NULL,
  throughput_per_second INTEGER NOT NULL DEFAULT 80,
  daily_limit_tier TEXT NOT NULL DEFAULT 'TIER_1K',
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Templates ("Plantillas HSM") as last synchronised from the account's WABA.
CREATE TABLE campaigns_templates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES campaigns_accounts (id),
  meta_id TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  language TEXT NOT NULL,
  status TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  parameter_format TEXT NOT NULL DEFAULT 'POSITIONAL',
  parameter_count INTEGER NOT NULL DEFAULT 0,
  header_type TEXT NOT NULL DEFAULT '',
  components_json TEXT NOT NULL,
  synced_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (account_id, name, language)
);
CREATE INDEX ix_campaigns_templates_meta ON campaigns_templates (meta_id);

-- Which host departments may use a template. A template with no row here is offered only under
-- "Sin departamento", which sees every template.
CREATE TABLE campaigns_template_departments (
  template_id INTEGER NOT NULL REFERENCES campaigns_templates (id) ON DELETE CASCADE,
  department_id INTEGER NOT NULL,
  PRIMARY KEY (template_id, department_id)
);
CREATE INDEX ix_campaigns_template_departments_dep ON campaigns_template_departments (department_id);
