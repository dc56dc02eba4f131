-- Every customer message reaches a ticket (issue 17). Messages that match no campaign entry (the
-- customer writes first, answers long after the reply window, or from another number) are kept
-- too: entry_id becomes optional and the message carries its account and sender, so it can go to
-- that phone's open ticket or a new one in the account's department.
ALTER TABLE campaigns_inbound_messages
  MODIFY entry_id BIGINT NULL,
  ADD COLUMN account_id BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN phone VARCHAR(32) NOT NULL DEFAULT '',
  ADD COLUMN ticket_id BIGINT NULL;

-- The ticket a number's unmatched messages go to, per account. `episode` counts the tickets made
-- for it: the next one is keyed "campaigns:contact:<account>:<phone>:<episode>", so two instances
-- that open it at once get the same ticket from the host's idempotent create.
CREATE TABLE campaigns_contact_tickets (
  account_id BIGINT NOT NULL,
  phone VARCHAR(32) NOT NULL,
  episode INT NOT NULL DEFAULT 0,
  ticket_id BIGINT NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (account_id, phone)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Cuenta de Origen: the department of tickets opened by messages no campaign matches (NULL: "Sin
-- departamento").
ALTER TABLE campaigns_accounts ADD COLUMN inbound_department_id BIGINT NULL;
