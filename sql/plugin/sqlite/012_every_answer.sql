-- Every customer message reaches a ticket (issue 17). Messages that match no campaign entry (the
-- customer writes first, answers long after the reply window, or from another number) are kept
-- too: entry_id becomes optional and the message carries its account and sender, so it can go to
-- that phone's open ticket or a new one in the account's department. SQLite cannot drop a NOT
-- NULL, so the table is rebuilt with its rows.
CREATE TABLE campaigns_inbound_messages_v2 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  entry_id INTEGER NULL,
  account_id INTEGER NOT NULL DEFAULT 0,
  phone TEXT NOT NULL DEFAULT '',
  wamid TEXT NOT NULL UNIQUE,
  author TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  received_at TEXT NOT NULL,
  delivered INTEGER NOT NULL DEFAULT 0,
  ticket_id INTEGER NULL
);
INSERT INTO campaigns_inbound_messages_v2 (id, entry_id, wamid, author, body, received_at, delivered)
  SELECT id, entry_id, wamid, author, body, received_at, delivered FROM campaigns_inbound_messages;
DROP TABLE campaigns_inbound_messages;
ALTER TABLE campaigns_inbound_messages_v2 RENAME TO campaigns_inbound_messages;
CREATE INDEX ix_campaigns_inbound_pending ON campaigns_inbound_messages (delivered, id);

-- The ticket a number's unmatched messages go to, per account. `episode` counts the tickets made
-- for it: the next one is keyed "campaigns:contact:<account>:<phone>:<episode>", so two instances
-- that open it at once get the same ticket from the host's idempotent create.
CREATE TABLE campaigns_contact_tickets (
  account_id INTEGER NOT NULL,
  phone TEXT NOT NULL,
  episode INTEGER NOT NULL DEFAULT 0,
  ticket_id INTEGER NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (account_id, phone)
);

-- Cuenta de Origen: the department of tickets opened by messages no campaign matches (NULL: "Sin
-- departamento").
ALTER TABLE campaigns_accounts ADD COLUMN inbound_department_id INTEGER NULL;
