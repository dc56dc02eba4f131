-- A campaign's tickets that are open with a response deadline ("N tickets abiertos" in the list
-- and on a campaign while it waits for answers), kept by tracking in the transaction that opens,
-- closes or reopens one (CounterBook). The list and a campaign's page counted them from the
-- entries on every request: 0.2 s on SQLite and 0.3 s on MariaDB for a million open tickets.
ALTER TABLE campaigns_campaigns ADD COLUMN n_open_tickets INT NOT NULL DEFAULT 0;
UPDATE campaigns_campaigns SET n_open_tickets = (SELECT COUNT(*) FROM campaigns_entries e
  WHERE e.campaign_id = campaigns_campaigns.id AND e.ticket_closed = 0 AND e.ticket_deadline IS NOT NULL);
