-- Reference host core tables (SQLite). Every *_at column is milliseconds since the Unix epoch.
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('administrator', 'agent')),
  password_hash TEXT NOT NULL,
  salt TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- id_hash is SHA-256 of the cookie value, so a leaked table cannot be replayed as cookies.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  label TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NULL
);

CREATE TABLE departments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE
);

-- integration_key is NULL when the field has none (a UNIQUE column allows many NULLs).
CREATE TABLE ticket_metadata (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  integration_key TEXT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('text', 'paragraph', 'yesno')),
  scope TEXT NOT NULL CHECK (scope IN ('ticket', 'client'))
);

-- No rows for a definition = available to every department.
CREATE TABLE ticket_metadata_departments (
  metadata_id BIGINT NOT NULL REFERENCES ticket_metadata(id) ON DELETE CASCADE,
  department_id BIGINT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
  PRIMARY KEY (metadata_id, department_id)
);

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  department_id BIGINT NULL REFERENCES departments(id) ON DELETE SET NULL,
  contact_phone TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  close_deadline BIGINT NULL,
  external_key TEXT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  closed_at BIGINT NULL
);
CREATE INDEX tickets_status_department ON tickets (status, department_id);

CREATE TABLE ticket_metadata_values (
  ticket_id BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  metadata_id BIGINT NOT NULL REFERENCES ticket_metadata(id) ON DELETE CASCADE,
  value TEXT NOT NULL,
  PRIMARY KEY (ticket_id, metadata_id)
);

CREATE TABLE ticket_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  author TEXT NOT NULL,
  user_id BIGINT NULL,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  external_id TEXT NULL UNIQUE
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);
