-- Reference host core tables (MySQL 8 / MariaDB 10.11). Every *_at column is milliseconds since
-- the Unix epoch, as on SQLite, so the code reads both the same way.
CREATE TABLE users (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login VARCHAR(191) NOT NULL,
  display_name VARCHAR(255) NOT NULL,
  role VARCHAR(20) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  salt VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE KEY users_login (login),
  CONSTRAINT users_role CHECK (role IN ('administrator', 'agent'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- id_hash is SHA-256 of the cookie value, so a leaked table cannot be replayed as cookies.
CREATE TABLE sessions (
  id_hash CHAR(64) NOT NULL PRIMARY KEY,
  user_id BIGINT NOT NULL,
  csrf_token CHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  KEY sessions_expiry (expires_at),
  CONSTRAINT sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE api_tokens (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash CHAR(64) NOT NULL,
  user_id BIGINT NOT NULL,
  label VARCHAR(255) NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NULL,
  UNIQUE KEY api_tokens_hash (token_hash),
  CONSTRAINT api_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE departments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(191) NOT NULL,
  UNIQUE KEY departments_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- integration_key is NULL when the field has none (a UNIQUE column allows many NULLs).
CREATE TABLE ticket_metadata (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(191) NOT NULL,
  integration_key VARCHAR(191) NULL,
  type VARCHAR(20) NOT NULL,
  scope VARCHAR(20) NOT NULL,
  UNIQUE KEY ticket_metadata_key (integration_key),
  CONSTRAINT ticket_metadata_type CHECK (type IN ('text', 'paragraph', 'yesno')),
  CONSTRAINT ticket_metadata_scope CHECK (scope IN ('ticket', 'client'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- No rows for a definition = available to every department.
CREATE TABLE ticket_metadata_departments (
  metadata_id BIGINT NOT NULL,
  department_id BIGINT NOT NULL,
  PRIMARY KEY (metadata_id, department_id),
  CONSTRAINT tmd_metadata FOREIGN KEY (metadata_id) REFERENCES ticket_metadata (id) ON DELETE CASCADE,
  CONSTRAINT tmd_department FOREIGN KEY (department_id) REFERENCES departments (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tickets (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  department_id BIGINT NULL,
  contact_phone VARCHAR(32) NOT NULL DEFAULT '',
  status VARCHAR(10) NOT NULL,
  close_deadline BIGINT NULL,
  external_key VARCHAR(191) NULL,
  created_at BIGINT NOT NULL,
  closed_at BIGINT NULL,
  UNIQUE KEY tickets_external_key (external_key),
  KEY tickets_status_department (status, department_id),
  CONSTRAINT tickets_status CHECK (status IN ('open', 'closed')),
  CONSTRAINT tickets_department FOREIGN KEY (department_id) REFERENCES departments (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE ticket_metadata_values (
  ticket_id BIGINT NOT NULL,
  metadata_id BIGINT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (ticket_id, metadata_id),
  CONSTRAINT tmv_ticket FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE,
  CONSTRAINT tmv_metadata FOREIGN KEY (metadata_id) REFERENCES ticket_metadata (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE ticket_messages (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ticket_id BIGINT NOT NULL,
  direction VARCHAR(3) NOT NULL,
  author VARCHAR(255) NOT NULL,
  user_id BIGINT NULL,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  external_id VARCHAR(191) NULL,
  UNIQUE KEY ticket_messages_external (external_id),
  KEY ticket_messages_ticket (ticket_id, id),
  CONSTRAINT ticket_messages_direction CHECK (direction IN ('in', 'out')),
  CONSTRAINT ticket_messages_ticket_fk FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
