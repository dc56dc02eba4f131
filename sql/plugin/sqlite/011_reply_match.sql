-- Replies that quote nothing are matched by phone or by the WhatsApp id Meta answered with; the
-- latter needs its own index (wa_id is stored only when it differs from the phone).
CREATE INDEX ix_campaigns_entries_wa_id ON campaigns_entries (wa_id, accepted_at);
