-- Brings a version 3 recording to version 4: each device's price and idle power, and each
-- variant's energy (the variant_energy table, created from resources/schema.sql). Run by
-- RecordingFormat::migrate inside the transaction that also sets user_version. Rows already there
-- read as what version 3 recorded: no price, no energy measured.

ALTER TABLE devices ADD COLUMN price_per_hour REAL;
ALTER TABLE devices ADD COLUMN price_per_kwh REAL;
ALTER TABLE devices ADD COLUMN currency TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN idle_watts REAL;
ALTER TABLE devices ADD COLUMN energy_note TEXT NOT NULL DEFAULT '';
