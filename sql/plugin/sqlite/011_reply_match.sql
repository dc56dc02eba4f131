-- Replies that quote nothing are matched by phone or by the WhatsApp id Meta answered with (stored
-- only when it differs from the phone). Single-column indexes: accepted_at changes on every accept.
CREATE INDEX ix_campaigns_entries_wa_id ON campaigns_entries (wa_id);
DROP INDEX IF EXISTS ix_campaigns_entries_phone;
CREATE INDEX ix_campaigns_entries_phone ON campaigns_entries (phone);
