-- Brings a version 4 recording to version 5: each run's uid, SLURM job, selection and shard
-- (the run_shards table is created from resources/schema.sql). Run by RecordingFormat::migrate
-- inside the transaction that also sets user_version. Runs already there were whole runs, outside
-- any job as far as the file knows; their uid is made as the recorder makes it.

ALTER TABLE runs ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN job TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN selection TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN shard_index INTEGER;
ALTER TABLE runs ADD COLUMN shard_count INTEGER;
UPDATE runs SET uid = host || '/' || pid || '/' || started_unix_ns;
