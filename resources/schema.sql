-- The costscope recording format, version 1: run once, in one transaction, when a file is created.
-- The file is marked by PRAGMA application_id = 0x43535450 ('CSTP') and PRAGMA user_version = 1,
-- both set by the writer in the same transaction (see profiler/store/RecordingFormat.h).
-- Every table and column is described, with its unit, in docs/schema.md. Any change to a table,
-- a column or a view bumps user_version (RecordingFormat::kSchemaVersion); editing comments does
-- not (see "Changing the schema" in docs/schema.md).
--
-- Units: times are integer nanoseconds; *_unix_ns are wall clock (for people), every other
-- timestamp is CLOCK_MONOTONIC, the clock CUPTI timestamps are put on. Absent or NaN values are
-- NULL, never 0, so that averages and comparisons skip them.

-- One row per recording session; a file may hold several (recording into an existing file appends).
CREATE TABLE runs (
    id              INTEGER PRIMARY KEY,
    suite           TEXT    NOT NULL,   -- suite name: a built-in name ("quick"), or a user suite
                                        -- file's stem; the suite's text is in suite_json
    suite_json      TEXT    NOT NULL,   -- the suite's text as read
    command_line    TEXT    NOT NULL,   -- argv joined with spaces
    host            TEXT    NOT NULL,   -- hostname of the recording machine
    pid             INTEGER NOT NULL,   -- process id of the recorder, to tell a live run from a dead one
    version         TEXT    NOT NULL,   -- costscope version
    started_unix_ns INTEGER NOT NULL,   -- wall clock, ns since 1970
    ended_unix_ns   INTEGER,            -- wall clock; NULL while running or after a crash
    status          TEXT    NOT NULL DEFAULT 'running'
                    CHECK (status IN ('running', 'complete', 'interrupted', 'failed')),
    note            TEXT    NOT NULL DEFAULT '',
    warmup          INTEGER NOT NULL,   -- untimed warm-up calls of each variant
    min_iterations  INTEGER NOT NULL,   -- samples per variant at least ...
    min_time_s      REAL    NOT NULL    -- ... and at least this much timed wall time (s)
);

-- The machines a run measured on, with the ceilings the roofline is drawn against.
CREATE TABLE devices (
    id                INTEGER PRIMARY KEY,
    run_id            INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    kind              TEXT    NOT NULL CHECK (kind IN ('cpu', 'gpu')),
    name              TEXT    NOT NULL,
    details           TEXT    NOT NULL DEFAULT '{}',  -- JSON object: cores, ISA, library versions
    peak_gflops       REAL,               -- best FP32 GEMM rate measured (GFLOP/s)
    mem_bandwidth_gbs REAL,               -- triad bandwidth measured (GB/s, 1e9 bytes)
    ceilings_method   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX devices_run ON devices(run_id);

-- One row per measured (or skipped, or failed) variant.
CREATE TABLE variants (
    id             INTEGER PRIMARY KEY,
    run_id         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    family         TEXT    NOT NULL,   -- gemm | pruned | quantized; mlp, the model workload's
                                       -- family, is filled by a later version
    name           TEXT    NOT NULL,   -- VariantSpec::name(), stable across recordings
    device         TEXT    NOT NULL,   -- cpu | gpu
    backend        TEXT    NOT NULL,
    precision      TEXT    NOT NULL,
    structure      TEXT    NOT NULL,   -- dense | csr | 2:4
    sparsity       REAL    NOT NULL,   -- fraction of zero weights, 0..1
    m              INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    k              INTEGER NOT NULL,
    batch          INTEGER NOT NULL,
    flops          REAL    NOT NULL,   -- dense-equivalent operations per call (2*m*n*k*batch)
    status         TEXT    NOT NULL CHECK (status IN ('ok', 'skipped', 'failed')),
    reason         TEXT    NOT NULL DEFAULT '',  -- why skipped or failed
    implementation TEXT    NOT NULL DEFAULT '',  -- what the library chose
    threads        INTEGER NOT NULL DEFAULT 0,
    warmup         INTEGER NOT NULL DEFAULT 0,   -- untimed warm-up calls run first
    iterations     INTEGER NOT NULL DEFAULT 0,   -- samples taken = rows in samples
    median_ns      REAL,               -- per call, over the samples; NULL when nothing was timed
    p5_ns          REAL,
    p95_ns         REAL,
    mean_ns        REAL,
    stddev_ns      REAL,               -- sample standard deviation (n - 1)
    cv             REAL,               -- stddev / mean
    noisy          INTEGER,            -- 1 when cv > 0.05
    weight_bytes   INTEGER,            -- stored weight operand in its format (B)
    peak_mem_bytes INTEGER,            -- peak resident memory during warm-up and samples, less
                                       -- that before set-up (B); NULL where Linux gives none
    kernel_error   REAL,               -- relative Frobenius error vs FP64 of the operands given
    approx_error   REAL,               -- relative Frobenius error vs FP64 of the dense originals
    accuracy       REAL,               -- test-set accuracy 0..1, model variants only (mlp)
    started_ns     INTEGER NOT NULL,   -- CLOCK_MONOTONIC
    ended_ns       INTEGER NOT NULL,   -- CLOCK_MONOTONIC
    calls_per_sample INTEGER NOT NULL DEFAULT 1  -- consecutive calls one sample times: 1, or
                                                 -- for calls under 50 us enough to last 50 us
);
CREATE INDEX variants_run ON variants(run_id);
CREATE INDEX variants_name ON variants(name);

-- Every timed sample (a batch of calls_per_sample calls), so distributions can be redrawn and
-- statistics recomputed.
CREATE TABLE samples (
    variant_id  INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
    iteration   INTEGER NOT NULL,      -- 0-based sample number, in the order run
    start_ns    INTEGER NOT NULL,      -- CLOCK_MONOTONIC, when the sample's first call began
    duration_ns INTEGER NOT NULL,      -- host wall time per call: the sample's time / calls_per_sample
    PRIMARY KEY (variant_id, iteration)
) WITHOUT ROWID;

-- The public query surface: one row per variant, in the units people read.
CREATE VIEW variant_summary AS
SELECT v.run_id,
       v.id AS variant_id,
       v.family, v.name, v.device, v.backend, v.precision, v.structure, v.sparsity,
       v.m, v.n, v.k, v.batch, v.flops,
       v.status, v.reason, v.implementation, v.threads, v.warmup, v.iterations,
       v.median_ns / 1e6 AS median_ms,
       v.p5_ns / 1e6 AS p5_ms,
       v.p95_ns / 1e6 AS p95_ms,
       v.mean_ns / 1e6 AS mean_ms,
       v.stddev_ns / 1e6 AS stddev_ms,
       v.cv, v.noisy,
       -- operations per ns are GFLOP/s; dense-equivalent, so compressions compare
       CASE WHEN v.median_ns > 0 THEN v.flops / v.median_ns END AS gflops,
       v.weight_bytes, v.peak_mem_bytes, v.kernel_error, v.approx_error, v.accuracy,
       v.started_ns, v.ended_ns, v.calls_per_sample
FROM variants AS v;

-- Where pruning starts to pay, per run, device, backend and shape: the highest sparsity still
-- slower than the best dense FP32 variant of the same shape and device, and the lowest that is
-- faster (NULL when no measured sparsity is). Pruned variants of shapes with no dense FP32
-- variant in the run have no row.
CREATE VIEW pruning_crossover AS
WITH dense AS (
    SELECT run_id, device, m, n, k, MIN(median_ns) AS dense_ns
    FROM variants
    WHERE family = 'gemm' AND precision = 'fp32' AND status = 'ok'
    GROUP BY run_id, device, m, n, k)
SELECT p.run_id, p.device, p.backend, p.m, p.n, p.k,
       d.dense_ns / 1e6 AS dense_ms,
       MAX(CASE WHEN p.median_ns >= d.dense_ns THEN p.sparsity END) AS slower_up_to,
       MIN(CASE WHEN p.median_ns < d.dense_ns THEN p.sparsity END) AS faster_from
FROM variants AS p JOIN dense AS d USING (run_id, device, m, n, k)
WHERE p.family = 'pruned' AND p.structure = 'csr' AND p.status = 'ok'
GROUP BY p.run_id, p.device, p.backend, p.m, p.n, p.k;

-- ---------------------------------------------------------------------------------------------
-- GPU activity, named and laid out as Nsight Systems' SQLite export (nsys export --type sqlite)
-- names them, so queries written for nsys reports run here too. Column subsets of that export,
-- plus our own camelCase columns runId and variantId (NULL for activity outside any variant).
-- Filled by the CUPTI collector.

CREATE TABLE StringIds (
    id    INTEGER PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (
    start                   INTEGER NOT NULL,  -- ns, CLOCK_MONOTONIC
    end                     INTEGER NOT NULL,  -- ns, CLOCK_MONOTONIC
    deviceId                INTEGER NOT NULL,
    contextId               INTEGER NOT NULL,
    greenContextId          INTEGER,
    streamId                INTEGER NOT NULL,
    correlationId           INTEGER,
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
    staticSharedMemory      INTEGER NOT NULL,  -- B
    dynamicSharedMemory     INTEGER NOT NULL,  -- B
    localMemoryPerThread    INTEGER NOT NULL,  -- B
    localMemoryTotal        INTEGER NOT NULL,  -- B
    gridId                  INTEGER NOT NULL,
    sharedMemoryExecuted    INTEGER,           -- B
    graphNodeId             INTEGER,
    sharedMemoryLimitConfig INTEGER,
    runId                   INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    variantId               INTEGER REFERENCES variants(id) ON DELETE CASCADE
);
CREATE INDEX CUPTI_ACTIVITY_KIND_KERNEL_variant ON CUPTI_ACTIVITY_KIND_KERNEL(variantId);

CREATE TABLE CUPTI_ACTIVITY_KIND_MEMCPY (
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    deviceId       INTEGER NOT NULL,
    contextId      INTEGER NOT NULL,
    greenContextId INTEGER,
    streamId       INTEGER NOT NULL,
    correlationId  INTEGER,
    globalPid      INTEGER,
    bytes          INTEGER NOT NULL,  -- B
    copyKind       INTEGER NOT NULL REFERENCES ENUM_CUDA_MEMCPY_OPER(id),
    srcKind        INTEGER REFERENCES ENUM_CUDA_MEM_KIND(id),
    dstKind        INTEGER REFERENCES ENUM_CUDA_MEM_KIND(id),
    srcDeviceId    INTEGER,
    srcContextId   INTEGER,
    dstDeviceId    INTEGER,
    dstContextId   INTEGER,
    graphNodeId    INTEGER,
    runId          INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    variantId      INTEGER REFERENCES variants(id) ON DELETE CASCADE
);
CREATE INDEX CUPTI_ACTIVITY_KIND_MEMCPY_variant ON CUPTI_ACTIVITY_KIND_MEMCPY(variantId);

CREATE TABLE CUPTI_ACTIVITY_KIND_MEMSET (
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    deviceId       INTEGER NOT NULL,
    contextId      INTEGER NOT NULL,
    greenContextId INTEGER,
    streamId       INTEGER NOT NULL,
    correlationId  INTEGER,
    globalPid      INTEGER,
    value          INTEGER NOT NULL,
    bytes          INTEGER NOT NULL,  -- B
    graphNodeId    INTEGER,
    memKind        INTEGER REFERENCES ENUM_CUDA_MEM_KIND(id),
    runId          INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    variantId      INTEGER REFERENCES variants(id) ON DELETE CASCADE
);
CREATE INDEX CUPTI_ACTIVITY_KIND_MEMSET_variant ON CUPTI_ACTIVITY_KIND_MEMSET(variantId);

CREATE TABLE CUDA_GPU_MEMORY_USAGE_EVENTS (
    start               INTEGER NOT NULL,
    globalPid           INTEGER NOT NULL,
    deviceId            INTEGER NOT NULL,
    contextId           INTEGER NOT NULL,
    address             INTEGER NOT NULL,
    pc                  INTEGER NOT NULL,
    bytes               INTEGER NOT NULL,  -- B
    memKind             INTEGER NOT NULL REFERENCES ENUM_CUDA_MEM_KIND(id),
    memoryOperationType INTEGER NOT NULL REFERENCES ENUM_CUDA_DEV_MEM_EVENT_OPER(id),
    name                TEXT,
    correlationId       INTEGER,
    streamId            INTEGER,
    runId               INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    variantId           INTEGER REFERENCES variants(id) ON DELETE CASCADE
);
CREATE INDEX CUDA_GPU_MEMORY_USAGE_EVENTS_variant ON CUDA_GPU_MEMORY_USAGE_EVENTS(variantId);

-- One row per GPU per run. nsys's id is the device id, unique only within one run.
CREATE TABLE TARGET_INFO_GPU (
    vmId                    INTEGER NOT NULL DEFAULT 0,
    id                      INTEGER NOT NULL,
    name                    TEXT,
    busLocation             TEXT,
    isDiscrete              INTEGER,
    l2CacheSize             INTEGER,  -- B
    totalMemory             INTEGER,  -- B
    memoryBandwidth         INTEGER,  -- B/s, theoretical
    clockRate               INTEGER,  -- Hz
    smCount                 INTEGER,
    uuid                    TEXT,
    chipName                TEXT,
    cuDevice                INTEGER,
    maxThreadsPerBlock      INTEGER,
    threadsPerWarp          INTEGER,
    maxWarpsPerSm           INTEGER,
    maxShmemPerBlock        INTEGER,  -- B
    maxShmemPerSm           INTEGER,  -- B
    maxRegistersPerSm       INTEGER,
    computeMajor            INTEGER,
    computeMinor            INTEGER,
    runId                   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    measuredPeakGflops      REAL,     -- GFLOP/s, as devices.peak_gflops
    measuredMemBandwidthGBs REAL,     -- GB/s, as devices.mem_bandwidth_gbs
    PRIMARY KEY (runId, id)
);

-- Labels for the CUPTI enums above, with CUPTI's values, laid out as nsys's ENUM_* tables.
CREATE TABLE ENUM_CUDA_MEMCPY_OPER (
    id    INTEGER NOT NULL PRIMARY KEY,
    name  TEXT,
    label TEXT
);
INSERT INTO ENUM_CUDA_MEMCPY_OPER (id, name, label) VALUES
    (0, 'CUPTI_ACTIVITY_MEMCPY_KIND_UNKNOWN', 'Unknown'),
    (1, 'CUPTI_ACTIVITY_MEMCPY_KIND_HTOD', 'Host-to-Device'),
    (2, 'CUPTI_ACTIVITY_MEMCPY_KIND_DTOH', 'Device-to-Host'),
    (3, 'CUPTI_ACTIVITY_MEMCPY_KIND_HTOA', 'Host-to-Array'),
    (4, 'CUPTI_ACTIVITY_MEMCPY_KIND_ATOH', 'Array-to-Host'),
    (5, 'CUPTI_ACTIVITY_MEMCPY_KIND_ATOA', 'Array-to-Array'),
    (6, 'CUPTI_ACTIVITY_MEMCPY_KIND_ATOD', 'Array-to-Device'),
    (7, 'CUPTI_ACTIVITY_MEMCPY_KIND_DTOA', 'Device-to-Array'),
    (8, 'CUPTI_ACTIVITY_MEMCPY_KIND_DTOD', 'Device-to-Device'),
    (9, 'CUPTI_ACTIVITY_MEMCPY_KIND_HTOH', 'Host-to-Host'),
    (10, 'CUPTI_ACTIVITY_MEMCPY_KIND_PTOP', 'Peer-to-Peer');

CREATE TABLE ENUM_CUDA_MEM_KIND (
    id    INTEGER NOT NULL PRIMARY KEY,
    name  TEXT,
    label TEXT
);
INSERT INTO ENUM_CUDA_MEM_KIND (id, name, label) VALUES
    (0, 'CUPTI_ACTIVITY_MEMORY_KIND_UNKNOWN', 'Unknown'),
    (1, 'CUPTI_ACTIVITY_MEMORY_KIND_PAGEABLE', 'Pageable'),
    (2, 'CUPTI_ACTIVITY_MEMORY_KIND_PINNED', 'Pinned'),
    (3, 'CUPTI_ACTIVITY_MEMORY_KIND_DEVICE', 'Device'),
    (4, 'CUPTI_ACTIVITY_MEMORY_KIND_ARRAY', 'Array'),
    (5, 'CUPTI_ACTIVITY_MEMORY_KIND_MANAGED', 'Managed'),
    (6, 'CUPTI_ACTIVITY_MEMORY_KIND_DEVICE_STATIC', 'Device Static'),
    (7, 'CUPTI_ACTIVITY_MEMORY_KIND_MANAGED_STATIC', 'Managed Static');

CREATE TABLE ENUM_CUDA_DEV_MEM_EVENT_OPER (
    id    INTEGER NOT NULL PRIMARY KEY,
    name  TEXT,
    label TEXT
);
INSERT INTO ENUM_CUDA_DEV_MEM_EVENT_OPER (id, name, label) VALUES
    (0, 'CUPTI_ACTIVITY_MEMORY_OPERATION_TYPE_INVALID', 'Invalid'),
    (1, 'CUPTI_ACTIVITY_MEMORY_OPERATION_TYPE_ALLOCATION', 'Allocation'),
    (2, 'CUPTI_ACTIVITY_MEMORY_OPERATION_TYPE_RELEASE', 'Release');
