-- A reply that quotes nothing is matched by the number it comes from: the uploaded phone or the
-- WhatsApp id Meta answered the send with. wa_id had no index, so "phone = ? OR wa_id = ?" read
-- the whole table for every such reply. wa_id is now stored only when it differs from the phone.
-- Neither index holds accepted_at: it is set on every accept and would rewrite both indexes each
-- time; the few entries of one number are sorted after the lookup instead.
CREATE INDEX ix_campaigns_entries_wa_id ON campaigns_entries (wa_id);
ALTER TABLE campaigns_entries DROP INDEX ix_campaigns_entries_phone, ADD INDEX ix_campaigns_entries_phone (phone);
