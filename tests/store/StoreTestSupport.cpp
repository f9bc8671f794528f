// Helpers for the store tests.
#include "StoreTestSupport.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace costscope::test {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "costscope-store-XXXXXX");
    if (!mkdtemp(pattern.data())) {
        throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ignored);
    std::filesystem::remove_all(path_, ignored);
}

std::vector<std::string> TempDir::entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string readBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeBytes(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

namespace {

struct RawDb {
    explicit RawDb(const std::filesystem::path& path) {
        if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
            throw std::runtime_error("sqlite3_open failed");
        }
    }
    ~RawDb() { sqlite3_close(db); }
    sqlite3* db = nullptr;
};

template <typename Read>
void rawQuery(const std::filesystem::path& path, const std::string& sql, Read read) {
    RawDb raw(path);
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(raw.db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
        << sqlite3_errmsg(raw.db);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW) << sql;
    read(statement);
    sqlite3_finalize(statement);
}

}  // namespace

void rawExec(const std::filesystem::path& path, const std::string& sql) {
    RawDb raw(path);
    char* error = nullptr;
    const int rc = sqlite3_exec(raw.db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    ASSERT_EQ(rc, SQLITE_OK) << message;
}

int64_t rawQueryInt(const std::filesystem::path& path, const std::string& sql) {
    int64_t value = -1;
    rawQuery(path, sql, [&](sqlite3_stmt* s) { value = sqlite3_column_int64(s, 0); });
    return value;
}

std::string rawQueryText(const std::filesystem::path& path, const std::string& sql) {
    std::string value;
    rawQuery(path, sql, [&](sqlite3_stmt* s) {
        const auto* text = sqlite3_column_text(s, 0);
        value = text ? reinterpret_cast<const char*>(text) : "";
    });
    return value;
}

void addTimelineCacheRows(const std::filesystem::path& path, int64_t runId, int lanes) {
    std::string columns;
    std::string values;
    {
        RawDb raw(path);
        sqlite3_stmt* names = nullptr;
        ASSERT_EQ(sqlite3_prepare_v2(raw.db,
                                     "SELECT name FROM pragma_table_info('timeline_cache') "
                                     "ORDER BY cid",
                                     -1, &names, nullptr),
                  SQLITE_OK)
            << sqlite3_errmsg(raw.db);
        while (sqlite3_step(names) == SQLITE_ROW) {
            const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(names, 0));
            columns += (columns.empty() ? "\"" : ", \"") + name + "\"";
            std::string value = "0";
            if (name == "runId") {
                value = std::to_string(runId);
            } else if (name == "version") {
                value = "1";
            }
            values += (values.empty() ? "" : ", ") + value;
        }
        sqlite3_finalize(names);
    }
    ASSERT_FALSE(columns.empty()) << path << " has no timeline_cache";
    std::string sql = "INSERT INTO timeline_cache (" + columns + ") VALUES (" + values + ");";
    for (int lane = 0; lane < lanes; ++lane) {
        sql += "INSERT INTO timeline_lanes (runId, lane, summary) VALUES (" +
               std::to_string(runId) + ", " + std::to_string(lane) + ", x'0102030405060708');";
    }
    rawExec(path, sql);
}

RunInfo sampleRun(const std::string& suite) {
    RunInfo run;
    run.suite = suite;
    run.suiteJson = R"({"name": ")" + suite + R"(", "variants": []})";
    run.commandLine = "costscope-record --suite " + suite + " -o out.costscope";
    run.host = "";  // the store fills in this host, which the reader compares against
    run.version = "0.1.0";
    run.startedUnixNs = 1'700'000'000'123'456'789;
    run.warmup = 3;
    run.minIterations = 10;
    run.minTimeS = 0.25;
    return run;
}

VariantRecord okVariant(int64_t m, int64_t n, int64_t k, size_t samples) {
    VariantRecord variant;
    variant.spec.family = "gemm";
    variant.spec.device = "cpu";
    variant.spec.backend = "openblas";
    variant.spec.precision = "fp32";
    variant.spec.structure = "dense";
    variant.spec.m = m;
    variant.spec.n = n;
    variant.spec.k = k;
    variant.implementation = "sgemm_haswell";
    variant.threads = 2;
    variant.warmup = 3;
    variant.callsPerSample = 16;
    for (size_t i = 0; i < samples; ++i) {
        variant.samples.push_back(
            Sample{1'000'000'000 + int64_t(i) * 5'000'000, 4'000'000 + int64_t(i % 3) * 1000});
    }
    SampleStats stats;
    stats.medianNs = 4'000'000;
    stats.p5Ns = 3'900'000;
    stats.p95Ns = 4'200'000;
    stats.meanNs = 4'010'000;
    stats.stddevNs = 50'000;
    stats.cv = 50'000.0 / 4'010'000.0;
    stats.noisy = false;
    variant.stats = stats;
    variant.quality.kernelError = 1.5e-7;
    variant.quality.approxError = 2.5e-7;
    variant.weightBytes = m * k * 4;
    variant.peakMemBytes = 3 * m * k * 4;
    variant.startedNs = 999'000'000;
    variant.endedNs = 1'100'000'000;
    return variant;
}

VariantRecord skippedVariant() {
    VariantRecord variant;
    variant.spec.family = "quantized";
    variant.spec.device = "cpu";
    variant.spec.backend = "onednn";
    variant.spec.precision = "bf16";
    variant.spec.structure = "dense";
    variant.spec.m = 256;
    variant.spec.n = 64;
    variant.spec.k = 256;
    variant.status = VariantStatus::Skipped;
    variant.reason = "this CPU has no BF16 instructions (avx512_bf16, amx_bf16)";
    variant.startedNs = 2'000'000'000;
    variant.endedNs = 2'000'000'100;
    return variant;  // no samples, no stats, NaN errors, no bytes: all must read back NULL
}

VariantRecord gpuVariant(const ActivityBatch& activity) {
    VariantRecord variant = okVariant(512, 512, 512, 5);
    variant.spec.device = "gpu";
    variant.spec.backend = "cublas";
    variant.implementation = "cublasSgemm";
    for (size_t i = 0; i < variant.samples.size(); ++i) {
        variant.samples[i].deviceNs = 3'000'000 + int64_t(i) * 100;
    }
    variant.samples[2].deviceNs = -1;  // a sample CUPTI missed
    GpuMeasures gpu;
    SampleStats device;
    device.medianNs = 3'000'000;
    device.p5Ns = 2'900'000;
    device.p95Ns = 3'100'000;
    device.meanNs = 3'000'500;
    device.stddevNs = 1000;
    gpu.deviceStats = device;
    gpu.kernelsPerCall = 2.0;
    gpu.copiedBytesPerCall = 4096.0;
    gpu.peakDeviceMemBytes = 3 * 512 * 512 * 4;
    variant.gpu = gpu;
    variant.activity = activity;
    return variant;
}

ActivityBatch sampleActivity(int seed, int firstName) {
    ActivityBatch batch;
    const int64_t base = 5'000'000'000 + int64_t(seed) * 1'000'000;
    for (int i = 0; i < 3; ++i) {
        const std::string name = "kernel" + std::to_string(firstName + i);
        batch.strings.push_back("void " + name + "<float>(float const*, float*, int)");
        batch.strings.push_back(name);
        batch.strings.push_back("_Z" + std::to_string(name.size()) + name + "IfEvPKfPfi");
    }
    batch.strings.push_back("cudaMalloc workspace");
    for (int i = 0; i < 4; ++i) {
        const uint32_t n = uint32_t(i % 3) * 3 + 1;
        KernelRow k;
        k.start = base + i * 10'000;
        k.end = k.start + 2'000 + i * 500 + seed;
        k.deviceId = 1;
        k.contextId = 2;
        k.streamId = 7 + uint32_t(i);
        k.correlationId = 100 + uint32_t(seed * 10 + i);
        k.demangledName = n;
        k.shortName = n + 1;
        k.mangledName = i == 3 ? 0 : n + 2;  // 0: CUPTI gave none
        k.gridX = 64 + i;
        k.gridY = 2;
        k.gridZ = 3;
        k.blockX = 256;
        k.blockY = 4;
        k.blockZ = 5;
        k.registersPerThread = 96;
        k.staticSharedMemory = 16384;
        k.dynamicSharedMemory = 49152;
        k.localMemoryPerThread = 8;
        k.localMemoryTotal = 1 << 20;
        k.gridId = 9000 + i;
        k.sharedMemoryExecuted = 65536;
        k.launchType = 1;
        k.cacheConfig = 2;
        k.sharedMemoryLimitConfig = 3;
        k.graphNodeId = i == 0 ? 0 : 0x1'0000'0000ull + uint64_t(i);
        batch.kernels.push_back(k);
    }
    for (int i = 0; i < 2; ++i) {
        MemcpyRow m;
        m.start = base + 100'000 + i;
        m.end = m.start + 1'000;
        m.deviceId = 1;
        m.contextId = 2;
        m.streamId = 7;
        m.correlationId = 200 + uint32_t(i);
        m.bytes = 1 << 20;
        m.copyKind = i == 0 ? 1 : 2;
        m.srcKind = 1;
        m.dstKind = 3;
        m.graphNodeId = uint64_t(i);
        batch.memcpys.push_back(m);
    }
    MemsetRow set;
    set.start = base + 200'000;
    set.end = set.start + 300;
    set.deviceId = 1;
    set.contextId = 2;
    set.streamId = 8;
    set.correlationId = 300;
    set.value = 0xAB;
    set.bytes = 4096;
    set.memKind = 3;
    set.graphNodeId = 42;
    batch.memsets.push_back(set);
    for (int i = 0; i < 2; ++i) {
        MemoryRow m;
        m.start = base + 300'000 + i;
        m.deviceId = 1;
        m.contextId = 2;
        m.streamId = uint32_t(i);
        m.correlationId = 400 + uint32_t(i);
        m.address = 0xFFFF'8000'0000'0000ull + uint64_t(i);  // above INT64_MAX on purpose
        m.pc = 0x7f00'1234'5678ull;
        m.bytes = 1 << 24;
        m.memKind = 3;
        m.operationType = uint8_t(1 + i);
        m.name = i == 0 ? uint32_t(batch.strings.size() - 1) : 0;
        batch.memory.push_back(m);
    }
    OverheadRow o;
    o.start = base + 400'000;
    o.end = o.start + 50'000;
    o.overheadKind = 1;  // driver compiler
    o.objectKind = 2;    // thread
    o.objectId = 123456789;
    o.correlationId = 0;
    batch.overheads.push_back(o);
    return batch;
}

}  // namespace costscope::test
