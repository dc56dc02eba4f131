-- Rows of an uploaded file left out because their number is on the WABA's suppression list
-- (issue 12): how many, and the first of their Spanish notices ("Fila 12, columna A: el número
-- pidió no recibir campañas (BAJA, 03-12-2026)") as a JSON array like errors_json. They are not
-- errors: the campaign stays valid without them.
ALTER TABLE campaigns_campaigns ADD COLUMN excluded_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaigns_campaigns ADD COLUMN excluded_json TEXT NULL;
