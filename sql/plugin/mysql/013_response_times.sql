-- Same indexes as the SQLite migration. Issue 17, "every customer answer reaches an agent".
-- Analítica's "Tiempo de respuesta" reads, per campaign, the entries a customer answered
-- (replied_at) and when an agent first wrote back (addressed_at): one range of this index per
-- campaign, never the table rows, and never the entries nobody answered. Both columns are set
-- once per entry, so the index costs two updates in an entry's life, only for answered entries.
CREATE INDEX ix_campaigns_entries_answers ON campaigns_entries (campaign_id, replied_at, addressed_at);
-- The campaigns list and "Ver campaña" show a finished campaign as active while its tickets wait
-- for answers: per campaign, the open tickets that have a deadline and the latest deadline, one
-- range of this index (ticket_closed changes once, when the ticket closes).
CREATE INDEX ix_campaigns_entries_open_tickets ON campaigns_entries (campaign_id, ticket_closed, ticket_deadline);
