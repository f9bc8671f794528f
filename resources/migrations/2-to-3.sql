-- Brings a version 2 recording to version 3: why a GPU variant's figures are missing, and the
-- rounds each variant was measured in. Run by RecordingFormat::migrate inside the transaction that
-- also sets user_version; the tables version 3 added (run_warnings, variant_rounds) are created
-- from resources/schema.sql. Rows already there read as what version 2 recorded: one round
-- (round 0) of every variant, no reason for missing GPU figures.

ALTER TABLE runs ADD COLUMN rounds INTEGER NOT NULL DEFAULT 1;
ALTER TABLE variants ADD COLUMN device_note TEXT NOT NULL DEFAULT '';
ALTER TABLE variants ADD COLUMN rounds INTEGER NOT NULL DEFAULT 1;
ALTER TABLE variants ADD COLUMN round_spread REAL;
ALTER TABLE variants ADD COLUMN rounds_disagree INTEGER;
ALTER TABLE samples ADD COLUMN round INTEGER NOT NULL DEFAULT 0;
