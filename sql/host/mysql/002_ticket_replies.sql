-- Customer replies on a ticket (host API 2.0): the list's subject line, the "waiting for an agent"
-- mark a customer's message sets and an agent's message clears, the lookup of a phone's open
-- ticket, and system lines (e.g. "Reabierto por respuesta del cliente") in the thread.
-- One ALTER per table: MySQL DDL commits implicitly, so fewer statements leave fewer half states.
-- awaiting_since: epoch ms of the oldest customer message no agent has answered; NULL = nobody waits.
ALTER TABLE tickets
  ADD COLUMN subject VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN awaiting_since BIGINT NULL,
  ADD KEY tickets_phone_status (contact_phone, status),
  ADD KEY tickets_awaiting (awaiting_since);

-- 'system' lines are written by the host itself, shown to agents and never sent to the customer;
-- they are stored with direction 'out' so the direction CHECK stays as it is.
ALTER TABLE ticket_messages
  ADD COLUMN kind VARCHAR(10) NOT NULL DEFAULT 'message',
  ADD CONSTRAINT ticket_messages_kind CHECK (kind IN ('message', 'system'));
