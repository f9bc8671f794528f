-- How a reader presents a version 1 recording's kernels in version 2's shape, without writing to
-- the file: TEMP views (in the reader connection's own temp schema, searched before the file's
-- for unqualified names) named after version 2's kernel tables, over version 1's wide
-- CUPTI_ACTIVITY_KIND_KERNEL table. Run by RecordingFormat::presentAsCurrent before it creates
-- the current views, so its TEMP view CUPTI_ACTIVITY_KIND_KERNEL joins these. A reader cannot
-- store deduplicated configurations, so each version 1 row is its own configuration, with the
-- row's rowid as both ids. Column order as in schema.sql.

CREATE TEMP VIEW kernel_configs AS
SELECT rowid AS id, deviceId, contextId, greenContextId, globalPid, demangledName, shortName,
       mangledName, launchType, cacheConfig, registersPerThread, gridX, gridY, gridZ, blockX,
       blockY, blockZ, staticSharedMemory, dynamicSharedMemory, localMemoryPerThread,
       localMemoryTotal, sharedMemoryExecuted, sharedMemoryLimitConfig, runId
FROM main.CUPTI_ACTIVITY_KIND_KERNEL;

CREATE TEMP VIEW kernel_launches AS
SELECT rowid AS id, start, end, streamId, correlationId, gridId, graphNodeId, rowid AS configId,
       runId, variantId
FROM main.CUPTI_ACTIVITY_KIND_KERNEL;
