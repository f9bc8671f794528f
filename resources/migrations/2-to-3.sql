-- Brings a version 2 recording to version 3: why a GPU variant's figures are missing. Run by
-- RecordingFormat::migrate inside the transaction that also sets user_version. Rows already there
-- read it as '': version 2 stored no reason.

ALTER TABLE variants ADD COLUMN device_note TEXT NOT NULL DEFAULT '';
