-- Brings a version 1 recording to version 2: the columns version 2 added to existing tables.
-- Run by RecordingFormat::migrate inside the transaction that also sets user_version, so a file is
-- never half-migrated. The tables and indexes version 2 added that hold nothing of version 1, with
-- the rows of its ENUM tables, are not here: they are created from resources/schema.sql, and
-- every view is dropped and created again from it. Columns go at the end of their table, as in
-- schema.sql. Rows already there read the added columns as NULL, or '' for cupti_note: not
-- measured.

ALTER TABLE runs ADD COLUMN cupti_enabled INTEGER;
ALTER TABLE runs ADD COLUMN cupti_note TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN cupti_dropped_records INTEGER;

ALTER TABLE devices ADD COLUMN gpu_id INTEGER;

ALTER TABLE variants ADD COLUMN device_median_ns REAL;
ALTER TABLE variants ADD COLUMN device_p5_ns REAL;
ALTER TABLE variants ADD COLUMN device_p95_ns REAL;
ALTER TABLE variants ADD COLUMN kernels_per_call REAL;
ALTER TABLE variants ADD COLUMN copied_bytes_per_call REAL;
ALTER TABLE variants ADD COLUMN peak_device_mem_bytes INTEGER;

ALTER TABLE samples ADD COLUMN device_ns INTEGER;

-- Kernels: version 1's one wide table becomes kernel_configs and kernel_launches, read back
-- through the view CUPTI_ACTIVITY_KIND_KERNEL that schema.sql creates in its place. Version 1
-- recorders had no GPU collector, so the table is empty in their files; rows put there by other
-- means are moved over all the same, each distinct configuration of a run stored once. The two
-- tables are created here, as version 2 first defined them, because the rows need them.
CREATE TABLE kernel_configs (
    id                      INTEGER PRIMARY KEY,
    deviceId                INTEGER NOT NULL,
    contextId               INTEGER NOT NULL,
    greenContextId          INTEGER,
    globalPid               INTEGER,
    demangledName           INTEGER NOT NULL REFERENCES StringIds(id),
    shortName               INTEGER NOT NULL REFERENCES StringIds(id),
    mangledName             INTEGER REFERENCES StringIds(id),
    launchType              INTEGER,
    cacheConfig             INTEGER,
    registersPerThread      INTEGER NOT NULL,
    gridX                   INTEGER NOT NULL,
    gridY                   INTEGER NOT NULL,
    gridZ                   INTEGER NOT NULL,
    blockX                  INTEGER NOT NULL,
    blockY                  INTEGER NOT NULL,
    blockZ                  INTEGER NOT NULL,
    staticSharedMemory      INTEGER NOT NULL,
    dynamicSharedMemory     INTEGER NOT NULL,
    localMemoryPerThread    INTEGER NOT NULL,
    localMemoryTotal        INTEGER NOT NULL,
    sharedMemoryExecuted    INTEGER,
    sharedMemoryLimitConfig INTEGER,
    runId                   INTEGER REFERENCES runs(id) ON DELETE CASCADE
);
CREATE TABLE kernel_launches (
    id            INTEGER PRIMARY KEY,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    streamId      INTEGER NOT NULL,
    correlationId INTEGER,
    gridId        INTEGER NOT NULL,
    graphNodeId   INTEGER,
    configId      INTEGER NOT NULL,
    runId         INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    variantId     INTEGER REFERENCES variants(id) ON DELETE CASCADE
);
CREATE INDEX kernel_launches_variant ON kernel_launches(variantId);

-- GROUP BY, and IS below, take NULLs as equal: one configuration per distinct tuple and run.
INSERT INTO kernel_configs (
    deviceId, contextId, greenContextId, globalPid, demangledName, shortName, mangledName,
    launchType, cacheConfig, registersPerThread, gridX, gridY, gridZ, blockX, blockY, blockZ,
    staticSharedMemory, dynamicSharedMemory, localMemoryPerThread, localMemoryTotal,
    sharedMemoryExecuted, sharedMemoryLimitConfig, runId)
SELECT
    deviceId, contextId, greenContextId, globalPid, demangledName, shortName, mangledName,
    launchType, cacheConfig, registersPerThread, gridX, gridY, gridZ, blockX, blockY, blockZ,
    staticSharedMemory, dynamicSharedMemory, localMemoryPerThread, localMemoryTotal,
    sharedMemoryExecuted, sharedMemoryLimitConfig, runId
FROM CUPTI_ACTIVITY_KIND_KERNEL
GROUP BY
    deviceId, contextId, greenContextId, globalPid, demangledName, shortName, mangledName,
    launchType, cacheConfig, registersPerThread, gridX, gridY, gridZ, blockX, blockY, blockZ,
    staticSharedMemory, dynamicSharedMemory, localMemoryPerThread, localMemoryTotal,
    sharedMemoryExecuted, sharedMemoryLimitConfig, runId
ORDER BY min(rowid);

INSERT INTO kernel_launches (start, end, streamId, correlationId, gridId, graphNodeId, configId,
                             runId, variantId)
SELECT k.start, k.end, k.streamId, k.correlationId, k.gridId, k.graphNodeId, c.id, k.runId,
       k.variantId
FROM CUPTI_ACTIVITY_KIND_KERNEL AS k
JOIN kernel_configs AS c
    ON c.deviceId IS k.deviceId AND c.contextId IS k.contextId
    AND c.greenContextId IS k.greenContextId AND c.globalPid IS k.globalPid
    AND c.demangledName IS k.demangledName AND c.shortName IS k.shortName
    AND c.mangledName IS k.mangledName AND c.launchType IS k.launchType
    AND c.cacheConfig IS k.cacheConfig AND c.registersPerThread IS k.registersPerThread
    AND c.gridX IS k.gridX AND c.gridY IS k.gridY AND c.gridZ IS k.gridZ AND c.blockX IS k.blockX
    AND c.blockY IS k.blockY AND c.blockZ IS k.blockZ
    AND c.staticSharedMemory IS k.staticSharedMemory
    AND c.dynamicSharedMemory IS k.dynamicSharedMemory
    AND c.localMemoryPerThread IS k.localMemoryPerThread
    AND c.localMemoryTotal IS k.localMemoryTotal
    AND c.sharedMemoryExecuted IS k.sharedMemoryExecuted
    AND c.sharedMemoryLimitConfig IS k.sharedMemoryLimitConfig AND c.runId IS k.runId
ORDER BY k.rowid;

-- Its index goes with it; schema.sql's view of the same name takes its place.
DROP TABLE CUPTI_ACTIVITY_KIND_KERNEL;
