-- Rows of an uploaded file left out because their number is on the WABA's suppression list
-- (issue 12): how many, and the first of their Spanish notices ("Fila 12, columna A: el número
-- pidió no recibir campañas (BAJA, 03-12-2026)") as a JSON array like errors_json. They are not
-- errors: the campaign stays valid without them.
ALTER TABLE campaigns_campaigns ADD COLUMN excluded_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaigns_campaigns ADD COLUMN excluded_json TEXT NULL;
-- Chosen at creation, only for a UTILITY template: suppressed numbers are not left out (the
-- suppression list is about marketing; a utility message may still be owed to them).
ALTER TABLE campaigns_campaigns ADD COLUMN include_suppressed_for_utility INTEGER NOT NULL DEFAULT 0;
