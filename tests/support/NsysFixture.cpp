// The tables of an nsys export as its schema reference documents them (schema 3.16): every column
// in its place, so the reader meets the columns it skips as well as those it reads.
#include "tests/support/NsysFixture.h"

#include <stdexcept>

namespace costscope::test {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE StringIds (id INTEGER NOT NULL PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE ThreadNames (nameId INTEGER NOT NULL, priority INTEGER, globalTid INTEGER);
CREATE TABLE PROCESSES (globalPid INTEGER, pid INTEGER, name TEXT);
CREATE TABLE TARGET_INFO_SESSION_START_TIME (utcEpochNs INTEGER, utcTime TEXT, localTime TEXT);
CREATE TABLE TARGET_INFO_SYSTEM_ENV (globalVid INTEGER, devStateName TEXT NOT NULL,
    name TEXT NOT NULL, nameEnum INTEGER NOT NULL, value TEXT NOT NULL);
CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (start INTEGER NOT NULL, end INTEGER NOT NULL,
    deviceId INTEGER NOT NULL, contextId INTEGER NOT NULL, greenContextId INTEGER,
    streamId INTEGER NOT NULL, correlationId INTEGER, globalPid INTEGER,
    demangledName INTEGER NOT NULL, shortName INTEGER NOT NULL, mangledName INTEGER,
    launchType INTEGER, cacheConfig INTEGER, registersPerThread INTEGER NOT NULL,
    gridX INTEGER NOT NULL, gridY INTEGER NOT NULL, gridZ INTEGER NOT NULL,
    blockX INTEGER NOT NULL, blockY INTEGER NOT NULL, blockZ INTEGER NOT NULL,
    staticSharedMemory INTEGER NOT NULL, dynamicSharedMemory INTEGER NOT NULL,
    localMemoryPerThread INTEGER NOT NULL, localMemoryTotal INTEGER NOT NULL,
    gridId INTEGER NOT NULL, sharedMemoryExecuted INTEGER, graphNodeId INTEGER,
    sharedMemoryLimitConfig INTEGER);
CREATE TABLE CUPTI_ACTIVITY_KIND_MEMCPY (start INTEGER NOT NULL, end INTEGER NOT NULL,
    deviceId INTEGER NOT NULL, contextId INTEGER NOT NULL, greenContextId INTEGER,
    streamId INTEGER NOT NULL, correlationId INTEGER, globalPid INTEGER, bytes INTEGER NOT NULL,
    copyKind INTEGER NOT NULL, deprecatedSrcId INTEGER, srcKind INTEGER, dstKind INTEGER,
    srcDeviceId INTEGER, srcContextId INTEGER, dstDeviceId INTEGER, dstContextId INTEGER,
    migrationCause INTEGER, graphNodeId INTEGER, virtualAddress INTEGER);
CREATE TABLE CUPTI_ACTIVITY_KIND_MEMSET (start INTEGER NOT NULL, end INTEGER NOT NULL,
    deviceId INTEGER NOT NULL, contextId INTEGER NOT NULL, greenContextId INTEGER,
    streamId INTEGER NOT NULL, correlationId INTEGER, globalPid INTEGER, value INTEGER NOT NULL,
    bytes INTEGER NOT NULL, graphNodeId INTEGER, memKind INTEGER);
CREATE TABLE CUPTI_ACTIVITY_KIND_RUNTIME (start INTEGER NOT NULL, end INTEGER NOT NULL,
    eventClass INTEGER NOT NULL, globalTid INTEGER, correlationId INTEGER,
    nameId INTEGER NOT NULL, returnValue INTEGER NOT NULL, callchainId INTEGER);
CREATE TABLE CUDA_GPU_MEMORY_USAGE_EVENTS (start INTEGER NOT NULL, globalPid INTEGER NOT NULL,
    deviceId INTEGER NOT NULL, contextId INTEGER NOT NULL, address INTEGER NOT NULL,
    pc INTEGER NOT NULL, bytes INTEGER NOT NULL, memKind INTEGER NOT NULL,
    memoryOperationType INTEGER NOT NULL, name TEXT, correlationId INTEGER, streamId INTEGER,
    localMemoryPoolAddress INTEGER, localMemoryPoolReleaseThreshold INTEGER,
    localMemoryPoolSize INTEGER, localMemoryPoolUtilizedSize INTEGER,
    importedMemoryPoolAddress INTEGER, importedMemoryPoolProcessId INTEGER);
CREATE TABLE NVTX_EVENTS (start INTEGER NOT NULL, end INTEGER, eventType INTEGER NOT NULL,
    rangeId INTEGER, category INTEGER, color INTEGER, text TEXT, globalTid INTEGER,
    endGlobalTid INTEGER, textId INTEGER, domainId INTEGER, uint64Value INTEGER,
    int64Value INTEGER, doubleValue REAL, uint32Value INTEGER, int32Value INTEGER,
    floatValue REAL, jsonTextId INTEGER, jsonText TEXT, binaryData TEXT);
CREATE TABLE ENUM_NSYS_EVENT_TYPE (id INTEGER NOT NULL PRIMARY KEY, name TEXT, label TEXT);
INSERT INTO ENUM_NSYS_EVENT_TYPE VALUES (34, 'NvtxMark', 'NvtxMark'),
    (59, 'NvtxPushPopRange', 'NvtxPushPopRange'), (60, 'NvtxStartEndRange', 'NvtxStartEndRange'),
    (75, 'NvtxDomainCreate', 'NvtxDomainCreate');
INSERT INTO TARGET_INFO_SESSION_START_TIME VALUES (1764000000000000000, '', '');
INSERT INTO TARGET_INFO_SYSTEM_ENV VALUES (0, '', 'Hostname', 1, 'gpu-node-7');
)sql";

constexpr const char* kGpu = R"sql(
CREATE TABLE TARGET_INFO_GPU (vmId INTEGER NOT NULL, id INTEGER NOT NULL, name TEXT,
    busLocation TEXT, isDiscrete INTEGER, l2CacheSize INTEGER, totalMemory INTEGER,
    memoryBandwidth INTEGER, clockRate INTEGER, smCount INTEGER, pwGpuId INTEGER, uuid TEXT,
    luid INTEGER, chipName TEXT, cuDevice INTEGER, ctxswDevPath TEXT, ctrlDevPath TEXT,
    revision INTEGER, nodeMask INTEGER, constantMemory INTEGER, maxIPC INTEGER,
    maxRegistersPerBlock INTEGER, maxShmemPerBlock INTEGER, maxShmemPerBlockOptin INTEGER,
    maxShmemPerSm INTEGER, maxRegistersPerSm INTEGER, threadsPerWarp INTEGER,
    asyncEngines INTEGER, maxWarpsPerSm INTEGER, maxBlocksPerSm INTEGER,
    maxThreadsPerBlock INTEGER, maxBlockDimX INTEGER, maxBlockDimY INTEGER,
    maxBlockDimZ INTEGER, maxGridDimX INTEGER, maxGridDimY INTEGER, maxGridDimZ INTEGER,
    computeMajor INTEGER, computeMinor INTEGER, smMajor INTEGER, smMinor INTEGER);
INSERT INTO TARGET_INFO_GPU (vmId, id, name, busLocation, l2CacheSize, totalMemory,
    memoryBandwidth, clockRate, smCount, uuid, maxThreadsPerBlock, threadsPerWarp,
    maxWarpsPerSm, maxShmemPerBlock, maxShmemPerSm, maxRegistersPerSm, computeMajor,
    computeMinor)
VALUES (0, 0, 'NVIDIA H200', '0000:19:00.0', 62914560, 150754820096, 4800000000000,
    1980000000, 132, 'GPU-5c2e', 1024, 32, 64, 49152, 233472, 65536, 9, 0);
)sql";

void check(sqlite3* db, int rc, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        throw std::runtime_error(std::string("NsysFixture: ") + what + ": " + sqlite3_errmsg(db));
    }
}

}  // namespace

NsysFixture::NsysFixture(const std::filesystem::path& path, Options options) {
    std::filesystem::remove(path);
    check(db_, sqlite3_open(path.c_str(), &db_), "open");
    exec(kSchema);
    if (options.withGpu) {
        exec(kGpu);
    }
    const std::string metadata = options.legacyMetadata ? "EXPORT_META_DATA" : "META_DATA_EXPORT";
    exec("CREATE TABLE " + metadata + " (name TEXT NOT NULL, value TEXT);");
    exec("INSERT INTO " + metadata + " VALUES ('EXPORT_SCHEMA_VERSION', '" + options.schemaVersion +
         "'), ('EXPORT_PRODUCT_VERSION', '" + options.productVersion + "');");
    exec("BEGIN");
    check(db_,
          sqlite3_prepare_v2(db_,
                             "INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (?1, ?2, ?3, 1, NULL, "
                             "?4, ?5, ?6, ?7, ?8, NULL, 1, 0, ?9, ?10, 1, 1, ?11, 1, 1, 0, 0, 0, "
                             "0, ?5, 0, NULL, 0)",
                             -1, &kernel_, nullptr),
          "prepare kernel");
    check(db_,
          sqlite3_prepare_v2(db_,
                             "INSERT INTO CUPTI_ACTIVITY_KIND_RUNTIME VALUES (?1, ?2, 1, ?3, ?4, "
                             "?5, 0, NULL)",
                             -1, &runtime_, nullptr),
          "prepare runtime");
}

NsysFixture::~NsysFixture() {
    sqlite3_finalize(kernel_);
    sqlite3_finalize(runtime_);
    sqlite3_close(db_);
}

int64_t NsysFixture::string(const std::string& value) {
    const auto [found, added] = strings_.try_emplace(value, int64_t(strings_.size()) + 1);
    if (added) {
        sqlite3_stmt* insert = nullptr;
        check(db_,
              sqlite3_prepare_v2(db_, "INSERT INTO StringIds VALUES (?, ?)", -1, &insert, nullptr),
              "prepare string");
        sqlite3_bind_int64(insert, 1, found->second);
        sqlite3_bind_text(insert, 2, value.c_str(), -1, SQLITE_TRANSIENT);
        const int rc = sqlite3_step(insert);
        sqlite3_finalize(insert);
        check(db_, rc, "insert string");
    }
    return found->second;
}

void NsysFixture::kernel(const Kernel& k) {
    const int64_t name = string(k.name);
    const int64_t shortName = string(k.shortName);
    sqlite3_reset(kernel_);
    sqlite3_bind_int64(kernel_, 1, k.start);
    sqlite3_bind_int64(kernel_, 2, k.end);
    sqlite3_bind_int64(kernel_, 3, k.deviceId);
    sqlite3_bind_int64(kernel_, 4, k.streamId);
    sqlite3_bind_int64(kernel_, 5, k.correlationId);
    sqlite3_bind_int64(kernel_, 6, int64_t(k.globalPid));
    sqlite3_bind_int64(kernel_, 7, name);
    sqlite3_bind_int64(kernel_, 8, shortName);
    sqlite3_bind_int64(kernel_, 9, k.registers);
    sqlite3_bind_int64(kernel_, 10, k.gridX);
    sqlite3_bind_int64(kernel_, 11, k.blockX);
    check(db_, sqlite3_step(kernel_), "insert kernel");
}

void NsysFixture::runtimeCall(uint64_t globalTid, int64_t start, int64_t end,
                              int64_t correlationId) {
    const int64_t name = string("cudaLaunchKernel_v7000");
    sqlite3_reset(runtime_);
    sqlite3_bind_int64(runtime_, 1, start);
    sqlite3_bind_int64(runtime_, 2, end);
    sqlite3_bind_int64(runtime_, 3, int64_t(globalTid));
    sqlite3_bind_int64(runtime_, 4, correlationId);
    sqlite3_bind_int64(runtime_, 5, name);
    check(db_, sqlite3_step(runtime_), "insert runtime call");
}

void NsysFixture::copy(int64_t start, int64_t end, int64_t bytes, int copyKind, int streamId,
                       uint64_t globalPid) {
    exec(
        "INSERT INTO CUPTI_ACTIVITY_KIND_MEMCPY (start, end, deviceId, contextId, streamId, "
        "globalPid, bytes, copyKind) VALUES (" +
        std::to_string(start) + ", " + std::to_string(end) + ", 0, 1, " + std::to_string(streamId) +
        ", " + std::to_string(int64_t(globalPid)) + ", " + std::to_string(bytes) + ", " +
        std::to_string(copyKind) + ")");
}

void NsysFixture::memset(int64_t start, int64_t end, int64_t bytes, int streamId,
                         uint64_t globalPid) {
    exec(
        "INSERT INTO CUPTI_ACTIVITY_KIND_MEMSET (start, end, deviceId, contextId, streamId, "
        "globalPid, value, bytes, memKind) VALUES (" +
        std::to_string(start) + ", " + std::to_string(end) + ", 0, 1, " + std::to_string(streamId) +
        ", " + std::to_string(int64_t(globalPid)) + ", 0, " + std::to_string(bytes) + ", 2)");
}

void NsysFixture::memoryEvent(int64_t start, int64_t bytes, int operation, int memKind) {
    exec(
        "INSERT INTO CUDA_GPU_MEMORY_USAGE_EVENTS (start, globalPid, deviceId, contextId, "
        "address, pc, bytes, memKind, memoryOperationType) VALUES (" +
        std::to_string(start) + ", " + std::to_string(int64_t(globalPid(100))) + ", 0, 1, " +
        "4096, 0, " + std::to_string(bytes) + ", " + std::to_string(memKind) + ", " +
        std::to_string(operation) + ")");
}

void NsysFixture::range(int type, uint64_t globalTid, int64_t start, int64_t end,
                        const std::string& name, bool registered, int64_t domainId) {
    sqlite3_stmt* insert = nullptr;
    check(db_,
          sqlite3_prepare_v2(db_,
                             "INSERT INTO NVTX_EVENTS (start, end, eventType, text, globalTid, "
                             "textId, domainId) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             -1, &insert, nullptr),
          "prepare range");
    sqlite3_bind_int64(insert, 1, start);
    if (end >= 0) {
        sqlite3_bind_int64(insert, 2, end);
    }
    sqlite3_bind_int64(insert, 3, type);
    if (registered) {
        sqlite3_bind_int64(insert, 6, string(name));
    } else {
        sqlite3_bind_text(insert, 4, name.c_str(), -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_int64(insert, 5, int64_t(globalTid));
    if (domainId != 0) {
        sqlite3_bind_int64(insert, 7, domainId);
    }
    const int rc = sqlite3_step(insert);
    sqlite3_finalize(insert);
    check(db_, rc, "insert range");
}

void NsysFixture::pushPop(uint64_t globalTid, int64_t start, int64_t end, const std::string& name,
                          bool registered, int64_t domainId) {
    range(59, globalTid, start, end, name, registered, domainId);
}

void NsysFixture::startEnd(uint64_t globalTid, int64_t start, int64_t end,
                           const std::string& name) {
    range(60, globalTid, start, end, name, false, 0);
}

void NsysFixture::domain(uint64_t globalTid, int64_t domainId, const std::string& name) {
    exec("INSERT INTO NVTX_EVENTS (start, eventType, text, globalTid, domainId) VALUES (0, 75, '" +
         name + "', " + std::to_string(int64_t(globalTid)) + ", " + std::to_string(domainId) + ")");
}

void NsysFixture::processName(int64_t pid, const std::string& name) {
    exec("INSERT INTO PROCESSES VALUES (" + std::to_string(int64_t(globalPid(pid))) + ", " +
         std::to_string(pid) + ", '" + name + "')");
}

void NsysFixture::threadName(uint64_t globalTid, const std::string& name) {
    exec("INSERT INTO ThreadNames VALUES (" + std::to_string(string(name)) + ", 0, " +
         std::to_string(int64_t(globalTid)) + ")");
}

void NsysFixture::exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error ? error : "unknown error";
        sqlite3_free(error);
        throw std::runtime_error("NsysFixture: " + message + " in: " + sql);
    }
}

void NsysFixture::finish() {
    sqlite3_finalize(kernel_);
    sqlite3_finalize(runtime_);
    kernel_ = runtime_ = nullptr;
    exec("COMMIT");
    check(db_, sqlite3_close(db_), "close");
    db_ = nullptr;
}

}  // namespace costscope::test
