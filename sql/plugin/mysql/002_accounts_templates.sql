-- Source accounts ("Cuenta de Origen"): one WhatsApp Business phone number each. Secrets are
-- sealed by the plugin (AES-256-GCM, key id prefix); only their last four characters are kept clear.
CREATE TABLE campaigns_accounts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  phone_number_id VARCHAR(64) NOT NULL,
  waba_id VARCHAR(64) NOT NULL,
  access_token_sealed TEXT NOT NULL,
  access_token_last4 VARCHAR(8) NOT NULL DEFAULT '',
  app_secret_sealed TEXT NOT NULL,
  app_secret_last4 VARCHAR(8) NOT NULL DEFAULT '',
  verify_token_sealed TEXT NOT NULL,
  verify_token_last4 VARCHAR(8) NOT NULL DEFAULT '',
  graph_base_url VARCHAR(500) NOT NULL,
  graph_version VARCHAR(16) NOT NULL,
  throughput_per_second INT NOT NULL DEFAULT 80,
  daily_limit_tier VARCHAR(32) NOT NULL DEFAULT 'TIER_1K',
  enabled TINYINT NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY uq_campaigns_accounts_phone (phone_number_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Templates ("Plantillas HSM") as last synchronised from the account's WABA.
CREATE TABLE campaigns_templates (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id BIGINT NOT NULL,
  meta_id VARCHAR(64) NOT NULL DEFAULT '',
  name VARCHAR(512) NOT NULL,
  language VARCHAR(32) NOT NULL,
  status VARCHAR(32) NOT NULL,
  category VARCHAR(32) NOT NULL DEFAULT '',
  parameter_format VARCHAR(16) NOT NULL DEFAULT 'POSITIONAL',
  parameter_count INT NOT NULL DEFAULT 0,
  header_type VARCHAR(16) NOT NULL DEFAULT '',
  components_json MEDIUMTEXT NOT NULL,
  synced_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uq_campaigns_templates (account_id, name(190), language),
  KEY ix_campaigns_templates_meta (meta_id),
  CONSTRAINT fk_campaigns_templates_account FOREIGN KEY (account_id) REFERENCES campaigns_accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Which host departments may use a template. A template with no row here is offered only under
-- "Sin departamento", which sees every template.
CREATE TABLE campaigns_template_departments (
  template_id BIGINT NOT NULL,
  department_id BIGINT NOT NULL,
  PRIMARY KEY (template_id, department_id),
  KEY ix_campaigns_template_departments_dep (department_id),
  CONSTRAINT fk_campaigns_template_departments FOREIGN KEY (template_id) REFERENCES campaigns_templates (id) ON DELETE CASCADE
) ENGINE=InnoDB;
