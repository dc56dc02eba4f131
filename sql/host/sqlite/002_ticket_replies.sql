-- Customer replies on a ticket (host API 2.0): the list's subject line, the "waiting for an agent"
-- mark a customer's message sets and an agent's message clears, the lookup of a phone's open
-- ticket, and system lines (e.g. "Reabierto por respuesta del cliente") in the thread.
ALTER TABLE tickets ADD COLUMN subject TEXT NOT NULL DEFAULT '';
-- Epoch ms of the oldest customer message no agent has answered yet; NULL = nobody is waiting.
ALTER TABLE tickets ADD COLUMN awaiting_since BIGINT NULL;
CREATE INDEX tickets_phone_status ON tickets (contact_phone, status);
CREATE INDEX tickets_awaiting ON tickets (awaiting_since);

-- 'system' lines are written by the host itself, shown to agents and never sent to the customer;
-- they are stored with direction 'out' so the direction CHECK stays as it is.
ALTER TABLE ticket_messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'system'));
