-- The costscope recording format, version 6: run once, in one transaction, when a file is created.
-- The file is marked by PRAGMA application_id = 0x43535450 ('CSTP') and PRAGMA user_version = 6,
-- both set by the writer in the same transaction (see profiler/store/RecordingFormat.h).
-- Every table and column is described, with its unit, in docs/schema.md. Any change to a table,
-- a column or a view bumps user_version (RecordingFormat::kSchemaVersion); editing comments does
-- not (see "Changing the schema" in docs/schema.md). Files of older versions are brought to this
-- shape by resources/migrations/N-to-N+1.sql before a run is appended; columns added by a migration are
-- appended at the end of their table here too, so both kinds of file have one column order.
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
    min_time_s      REAL    NOT NULL,   -- ... and at least this much timed wall time (s)
    -- Version 2: how GPU activity was collected (CUPTI). NULL / '' / NULL when no GPU variant ran.
    cupti_enabled   INTEGER,            -- 1 when CUPTI recorded activity, 0 when it could not
    cupti_note      TEXT    NOT NULL DEFAULT '',  -- why not, or how timestamps were aligned
    cupti_dropped_records INTEGER,      -- records CUPTI dropped for want of buffers, summed
    -- Version 3: each variant measured in this many rounds, interleaved with the others'
    rounds          INTEGER NOT NULL DEFAULT 1,
    -- Version 5: where the run came from, so that recordings of many machines merge
    uid             TEXT    NOT NULL DEFAULT '',  -- "<host>/<pid>/<started_unix_ns>", unique to
                                        -- the run; a run merged from shards: "shards:" and its
                                        -- shards' uids, sorted, comma-separated
    job             TEXT    NOT NULL DEFAULT '',  -- SLURM's array job id, else its job id; ''
                                        -- outside SLURM
    selection       TEXT    NOT NULL DEFAULT '',  -- the variants picked from the suite, as
                                        -- options: "--devices cpu,gpu --only GLOB"
    shard_index     INTEGER,            -- --shard I/N: this run measured part I (from 0) ...
    shard_count     INTEGER             -- ... of N; a run merged from shards: NULL and N;
                                        -- both NULL for the whole selection
);

-- Version 5: the shards a merged run was made of (costscope-merge), one row each.
CREATE TABLE run_shards (
    run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    shard_index     INTEGER NOT NULL,   -- from 0, of runs.shard_count
    uid             TEXT    NOT NULL,   -- the shard's run uid
    host            TEXT    NOT NULL,
    pid             INTEGER NOT NULL,
    started_unix_ns INTEGER NOT NULL,
    ended_unix_ns   INTEGER,
    status          TEXT    NOT NULL
                    CHECK (status IN ('running', 'complete', 'interrupted', 'failed')),
    note            TEXT    NOT NULL DEFAULT '',
    command_line    TEXT    NOT NULL,
    source          TEXT    NOT NULL DEFAULT '',  -- the file it was merged from, as named
    PRIMARY KEY (run_id, shard_index)
) WITHOUT ROWID;

-- Version 3: what the whole run's figures must be read with (OpenBLAS running kernels older than
-- the CPU supports, oneDNN below the CPU's ISA ...), shown at the top of the GUI and reports.
CREATE TABLE run_warnings (
    run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    kind    TEXT    NOT NULL,   -- blas | onednn
    message TEXT    NOT NULL
);
CREATE INDEX run_warnings_run ON run_warnings(run_id);

-- The machines a run measured on, with the ceilings the roofline is drawn against.
CREATE TABLE devices (
    id                INTEGER PRIMARY KEY,
    run_id            INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    kind              TEXT    NOT NULL CHECK (kind IN ('cpu', 'gpu')),
    name              TEXT    NOT NULL,
    details           TEXT    NOT NULL DEFAULT '{}',  -- JSON object: cores, ISA, library versions
    peak_gflops       REAL,               -- best FP32 GEMM rate measured (GFLOP/s)
    mem_bandwidth_gbs REAL,               -- triad bandwidth measured (GB/s, 1e9 bytes)
    ceilings_method   TEXT    NOT NULL DEFAULT '',
    gpu_id            INTEGER,            -- version 2: GPUs only, the CUDA device ordinal, =
                                          -- TARGET_INFO_GPU.id and the activity rows' deviceId
    -- version 4: the price list's entry for the device (costscope-record --prices), NULL without
    price_per_hour    REAL,               -- what an hour of the device costs, in `currency`
    price_per_kwh     REAL,               -- what a kWh of electricity costs, in `currency`
    currency          TEXT    NOT NULL DEFAULT '',
    -- version 4: the device's idle power, measured once per run; NULL when not measured
    idle_watts        REAL,
    energy_note       TEXT    NOT NULL DEFAULT ''  -- why the device's energy was not measured
);
CREATE INDEX devices_run ON devices(run_id);

-- Version 2: the best rate measured per precision, the roofline's compute ceilings.
CREATE TABLE device_ceilings (
    device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    precision TEXT    NOT NULL,             -- fp32 | tf32 | fp16 | bf16 | int8 | fp8 ...
    gflops    REAL,                         -- GFLOP/s (integer precisions: GOP/s)
    method    TEXT    NOT NULL DEFAULT ''   -- how it was measured
);
CREATE INDEX device_ceilings_device ON device_ceilings(device_id);

-- Where the mlp workload's weights came from, once per run that measured it: trained in this run
-- or loaded from the cache that an earlier training wrote.
CREATE TABLE mlp_training (
    run_id        INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    trained       INTEGER NOT NULL,             -- 1 trained in this run, 0 loaded from the cache
    train_seconds REAL,                         -- wall time of training (s); NULL when loaded
    cache_file    TEXT    NOT NULL DEFAULT '',  -- the weights file written or read
    settings_key  TEXT    NOT NULL DEFAULT '',  -- hash of the training settings and the data
    settings_json TEXT    NOT NULL DEFAULT '{}' -- the training settings themselves
);

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
    calls_per_sample INTEGER NOT NULL DEFAULT 1, -- consecutive calls one sample times: 1, or
                                                 -- for calls under 50 us enough to last 50 us
    -- Version 2: what CUPTI saw of a GPU variant's timed calls; NULL when not measured (CPU
    -- variants, collector off).
    device_median_ns REAL,             -- per call, over the samples' device_ns
    device_p5_ns     REAL,
    device_p95_ns    REAL,
    kernels_per_call REAL,             -- kernel launches per call
    copied_bytes_per_call REAL,        -- host<->device copies per call, both directions (B)
    peak_device_mem_bytes INTEGER,     -- peak device memory allocated and not released (B)
    -- Version 3: why the GPU figures above are NULL although the collector was on (records
    -- dropped, kernels unfinished or untagged); '' when they were stored or not measured.
    device_note    TEXT    NOT NULL DEFAULT '',
    -- Version 3: the rounds measured (a variant of an interrupted run may have fewer than the
    -- run's), and whether their medians agree (see variant_rounds)
    rounds         INTEGER NOT NULL DEFAULT 1,
    round_spread   REAL,               -- slowest round median / fastest - 1; NULL with one round
    rounds_disagree INTEGER            -- 1 when the spread is beyond 2 % and three standard
                                       -- errors of a round median; NULL with one round
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
    device_ns   INTEGER,               -- version 2: GPU time per call, the summed CUPTI durations
                                       -- of the sample's kernels / calls_per_sample; NULL when
                                       -- not measured
    round       INTEGER NOT NULL DEFAULT 0, -- version 3: the round it was taken in, from 0
    PRIMARY KEY (variant_id, iteration)
) WITHOUT ROWID;

-- Version 3: each round of a variant, summarised: its samples' median and when it ran.
CREATE TABLE variant_rounds (
    variant_id  INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
    round       INTEGER NOT NULL,      -- from 0
    samples     INTEGER NOT NULL,
    median_ns   REAL    NOT NULL,      -- per call
    started_ns  INTEGER NOT NULL,      -- CLOCK_MONOTONIC
    ended_ns    INTEGER NOT NULL,
    PRIMARY KEY (variant_id, round)
) WITHOUT ROWID;

-- Version 4: a variant's energy, from one window of its device's counter (RAPL for the CPU, NVML
-- for a GPU) in its last round. A row exists when the run measured energy; its figures are NULL,
-- with the reason in note, where the device has no counter.
CREATE TABLE variant_energy (
    variant_id           INTEGER PRIMARY KEY REFERENCES variants(id) ON DELETE CASCADE,
    source               TEXT    NOT NULL DEFAULT '',  -- rapl | nvml; '' when not measured
    joules_per_call      REAL,              -- J: all the device drew over the window, per call
    joules_above_idle    REAL,              -- J per call, less the device's idle power
    watts                REAL,              -- W: mean power over the window
    window_s             REAL    NOT NULL DEFAULT 0,  -- s: the window's length
    calls                INTEGER NOT NULL DEFAULT 0,  -- the calls made in the window
    update_period_s      REAL    NOT NULL DEFAULT 0,  -- s: the counter's, as seen; 0 when unseen
    clocks_event_reasons INTEGER NOT NULL DEFAULT 0,  -- GPU: nvmlClocksEventReasons bits seen
    max_temperature_c    INTEGER NOT NULL DEFAULT 0,  -- GPU
    mean_sm_clock_mhz    REAL    NOT NULL DEFAULT 0,  -- GPU
    note                 TEXT    NOT NULL DEFAULT ''  -- why not measured, or what to doubt
);

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
       v.started_ns, v.ended_ns, v.calls_per_sample,
       -- version 2: GPU time as CUPTI measured it, and what the calls moved and held
       v.device_median_ns / 1e6 AS device_median_ms,
       v.device_p5_ns / 1e6 AS device_p5_ms,
       v.device_p95_ns / 1e6 AS device_p95_ms,
       CASE WHEN v.device_median_ns > 0 THEN v.flops / v.device_median_ns END AS device_gflops,
       v.kernels_per_call, v.copied_bytes_per_call, v.peak_device_mem_bytes,
       -- version 3
       v.device_note, v.rounds, v.round_spread, v.rounds_disagree,
       -- version 4: energy, and what a million calls cost (the device busy all the time paid for)
       e.source AS energy_source, e.joules_per_call, e.joules_above_idle, e.watts,
       d.idle_watts, e.window_s AS energy_window_s, e.update_period_s AS energy_update_period_s,
       e.clocks_event_reasons, e.note AS energy_note,
       v.median_ns / 3.6e12 * d.price_per_hour * 1e6 AS cost_per_million_calls,
       e.joules_per_call * 1e6 / 3.6e6 * d.price_per_kwh AS energy_cost_per_million_calls,
       d.currency
FROM variants AS v
LEFT JOIN variant_energy AS e ON e.variant_id = v.id
LEFT JOIN devices AS d ON d.id = (SELECT id FROM devices
                                   WHERE run_id = v.run_id AND kind = v.device
                                   ORDER BY id LIMIT 1);

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

-- Version 2: kernels are stored in two tables, joined back into nsys's CUPTI_ACTIVITY_KIND_KERNEL
-- by the view of that name below. Most launches of a run repeat one of a few dozen launch
-- configurations (kernel, grid, block, registers, shared memory), so each distinct configuration
-- of a run is stored once and each launch is a narrow row pointing at it: a launch takes about
-- half the bytes and half the recorder's time of a 29-column row (docs/benchmarks.md).

-- One row per distinct launch configuration of a run: the nsys KERNEL columns that do not change
-- from one launch of the same configuration to the next. Scoped to a run (deleting the run
-- deletes them); never shared between runs.
CREATE TABLE kernel_configs (
    id                      INTEGER PRIMARY KEY,
    deviceId                INTEGER NOT NULL,
    contextId               INTEGER NOT NULL,
    greenContextId          INTEGER,
    globalPid               INTEGER,           -- the recorder's pid << 24, as nsys encodes it
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
    sharedMemoryExecuted    INTEGER,           -- B
    sharedMemoryLimitConfig INTEGER,
    runId                   INTEGER REFERENCES runs(id) ON DELETE CASCADE
);

-- One row per kernel execution, in the order stored (id).
CREATE TABLE kernel_launches (
    id            INTEGER PRIMARY KEY,
    start         INTEGER NOT NULL,  -- ns, CLOCK_MONOTONIC
    end           INTEGER NOT NULL,  -- ns, CLOCK_MONOTONIC
    streamId      INTEGER NOT NULL,
    correlationId INTEGER,
    gridId        INTEGER NOT NULL,
    graphNodeId   INTEGER,
    -- kernel_configs.id, of the same run. Not declared as a foreign key: SQLite would then look
    -- for launches of every configuration a cascade deletes, a full scan each without an index
    -- on configId, and that index would cut the recorder's rate to a quarter. The runId and
    -- variantId cascades delete the launches with their configurations.
    configId      INTEGER NOT NULL,
    runId         INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    variantId     INTEGER REFERENCES variants(id) ON DELETE CASCADE
);
CREATE INDEX kernel_launches_variant ON kernel_launches(variantId);

-- nsys's kernel table, with its columns in its order: every launch with its configuration.
-- CROSS JOIN keeps the launches the outer loop, so a filter on variantId uses their index and
-- each configuration is one primary-key look-up.
CREATE VIEW CUPTI_ACTIVITY_KIND_KERNEL AS
SELECT l.start, l.end, c.deviceId, c.contextId, c.greenContextId, l.streamId, l.correlationId,
       c.globalPid, c.demangledName, c.shortName, c.mangledName, c.launchType, c.cacheConfig,
       c.registersPerThread, c.gridX, c.gridY, c.gridZ, c.blockX, c.blockY, c.blockZ,
       c.staticSharedMemory, c.dynamicSharedMemory, c.localMemoryPerThread, c.localMemoryTotal,
       l.gridId, c.sharedMemoryExecuted, l.graphNodeId, c.sharedMemoryLimitConfig, l.runId,
       l.variantId
FROM kernel_launches AS l CROSS JOIN kernel_configs AS c ON c.id = l.configId;

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

-- Version 2: time CUPTI itself took (buffer flushes, instrumentation), so users can see it.
CREATE TABLE CUPTI_ACTIVITY_KIND_OVERHEAD (
    start         INTEGER NOT NULL,  -- ns, CLOCK_MONOTONIC
    end           INTEGER NOT NULL,  -- ns, CLOCK_MONOTONIC
    overheadKind  INTEGER NOT NULL REFERENCES ENUM_CUPTI_OVERHEAD_KIND(id),
    objectKind    INTEGER NOT NULL REFERENCES ENUM_CUPTI_OBJECT_KIND(id),
    objectId      INTEGER NOT NULL,  -- thread id or device id, as objectKind says
    correlationId INTEGER,
    runId         INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    variantId     INTEGER REFERENCES variants(id) ON DELETE CASCADE
);
CREATE INDEX CUPTI_ACTIVITY_KIND_OVERHEAD_variant ON CUPTI_ACTIVITY_KIND_OVERHEAD(variantId);

CREATE TABLE ENUM_CUPTI_OVERHEAD_KIND (
    id    INTEGER NOT NULL PRIMARY KEY,
    name  TEXT,
    label TEXT
);
INSERT INTO ENUM_CUPTI_OVERHEAD_KIND (id, name, label) VALUES
    (0, 'CUPTI_ACTIVITY_OVERHEAD_UNKNOWN', 'Unknown'),
    (1, 'CUPTI_ACTIVITY_OVERHEAD_DRIVER_COMPILER', 'Driver compiler'),
    (65536, 'CUPTI_ACTIVITY_OVERHEAD_CUPTI_BUFFER_FLUSH', 'CUPTI buffer flush'),
    (131072, 'CUPTI_ACTIVITY_OVERHEAD_CUPTI_INSTRUMENTATION', 'CUPTI instrumentation'),
    (196608, 'CUPTI_ACTIVITY_OVERHEAD_CUPTI_RESOURCE', 'CUPTI resource'),
    (262144, 'CUPTI_ACTIVITY_OVERHEAD_RUNTIME_TRIGGERED_MODULE_LOADING', 'Module loading'),
    (327680, 'CUPTI_ACTIVITY_OVERHEAD_LAZY_FUNCTION_LOADING', 'Lazy function loading'),
    (393216, 'CUPTI_ACTIVITY_OVERHEAD_COMMAND_BUFFER_FULL', 'Command buffer full'),
    (458752, 'CUPTI_ACTIVITY_OVERHEAD_ACTIVITY_BUFFER_REQUEST', 'Activity buffer request'),
    (524288, 'CUPTI_ACTIVITY_OVERHEAD_UVM_ACTIVITY_INIT', 'UVM activity initialisation');

CREATE TABLE ENUM_CUPTI_OBJECT_KIND (
    id    INTEGER NOT NULL PRIMARY KEY,
    name  TEXT,
    label TEXT
);
INSERT INTO ENUM_CUPTI_OBJECT_KIND (id, name, label) VALUES
    (0, 'CUPTI_ACTIVITY_OBJECT_UNKNOWN', 'Unknown'),
    (1, 'CUPTI_ACTIVITY_OBJECT_PROCESS', 'Process'),
    (2, 'CUPTI_ACTIVITY_OBJECT_THREAD', 'Thread'),
    (3, 'CUPTI_ACTIVITY_OBJECT_DEVICE', 'Device'),
    (4, 'CUPTI_ACTIVITY_OBJECT_CONTEXT', 'Context'),
    (5, 'CUPTI_ACTIVITY_OBJECT_STREAM', 'Stream');

-- Version 2: GPU time per kernel and run, laid out as `nsys stats --report cuda_gpu_kern_sum`:
-- one row per demangled name, ns. SQLite has no median aggregate and sqrt() only in some builds,
-- so the median and standard deviation are left to Recording::kernelSummary.
CREATE VIEW kernel_summary AS
SELECT k.runId AS run_id,
       100.0 * sum(k.end - k.start) / sum(sum(k.end - k.start)) OVER (PARTITION BY k.runId)
           AS percent,                               -- of the run's summed kernel time
       sum(k.end - k.start) AS total_ns,
       count(*) AS instances,
       avg(k.end - k.start) AS avg_ns,
       min(k.end - k.start) AS min_ns,
       max(k.end - k.start) AS max_ns,
       name.value AS name,                           -- demangled
       short.value AS short_name
FROM CUPTI_ACTIVITY_KIND_KERNEL AS k
JOIN StringIds AS name ON name.id = k.demangledName
JOIN StringIds AS short ON short.id = k.shortName
GROUP BY k.runId, k.demangledName;

-- ---------------------------------------------------------------------------------------------
-- Version 6: the timeline cache.

-- The timeline's summary of a finished run (profiler/store/TimelineSummary.h): a cache, written
-- by the recorder when the run ends and by the GUI when it opens a run without one, read instead
-- of the run's rows. A cache of another TimelineSummary::kVersion, or whose rows no longer match
-- the run's, is ignored and written again (docs/schema.md, "The timeline cache").
CREATE TABLE timeline_cache (
    runId        INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,  -- TimelineSummary::kVersion
    -- The run's rows it summarised, per table: the first and the last rowid, how many, and the
    -- table's last rowid then (the rows added since are looked through for the run's).
    kernelsFirst     INTEGER NOT NULL,
    kernelsLast      INTEGER NOT NULL,
    kernels          INTEGER NOT NULL,
    kernelsTableLast INTEGER NOT NULL,
    copiesFirst      INTEGER NOT NULL,
    copiesLast       INTEGER NOT NULL,
    copies           INTEGER NOT NULL,
    copiesTableLast  INTEGER NOT NULL,
    memsetsFirst     INTEGER NOT NULL,
    memsetsLast      INTEGER NOT NULL,
    memsets          INTEGER NOT NULL,
    memsetsTableLast INTEGER NOT NULL,
    -- The run's kernel summary (Recording::kernelSummary: totals, medians and deviations by
    -- name), which otherwise takes a scan of every launch: TimelineCache::encodeKernels.
    kernelSummary    BLOB NOT NULL
);
-- One lane of a cached summary (a device, stream and kind of GPU work).
CREATE TABLE timeline_lanes (
    runId   INTEGER NOT NULL REFERENCES timeline_cache(runId) ON DELETE CASCADE,
    lane    INTEGER NOT NULL,  -- 0, 1, ...: the order of TimelineSummary::lanes
    summary BLOB NOT NULL,     -- TimelineSummary::encode
    PRIMARY KEY (runId, lane)
);
