-- A reply that quotes nothing is matched by the number it comes from: the uploaded phone
-- (ix_campaigns_entries_phone) or the WhatsApp id Meta answered the send with. wa_id had no index,
-- so "phone = ? OR wa_id = ?" read the whole table for every such reply. wa_id is now stored only
-- when it differs from the phone, which leaves this index untouched by almost every accept.
CREATE INDEX ix_campaigns_entries_wa_id ON campaigns_entries (wa_id, accepted_at);
