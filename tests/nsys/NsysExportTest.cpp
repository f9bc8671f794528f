// Nsight Systems exports built from nsys's documented schema, read back as a run: recognition,
// the kernel summary against figures computed here, NVTX ranges as variants, the timeline, and
// every bad input refused with the file, what is wrong and what to do, the file untouched.
#include "profiler/nsys/NsysExport.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <random>

#include "profiler/store/SqliteStore.h"
#include "profiler/store/StoreError.h"
#include "tests/support/NsysFixture.h"

namespace costscope {
namespace {

namespace fs = std::filesystem;
using test::NsysFixture;

class NsysExportTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "costscope-nsys-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path file(const std::string& name) const { return dir_ / name; }

    static std::string bytesOf(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }

    // What opening `path` throws, as text; "" when it opens.
    template <typename Error = StoreError>
    static std::string refusal(const fs::path& path) {
        try {
            const NsysExport profile(path);
            profile.variantSummary(NsysExport::kRunId);
            profile.timeline(NsysExport::kRunId);
            profile.kernelSummary(NsysExport::kRunId);
        } catch (const Error& error) {
            return error.what();
        }
        return {};
    }

    fs::path dir_;
};

// Two steps of a training loop on one thread, each launching kernels, with a nested range.
fs::path writeTwoSteps(const fs::path& path, NsysFixture::Options options = {}) {
    NsysFixture fixture(path, options);
    const uint64_t thread = NsysFixture::globalTid(100, 101);
    fixture.pushPop(thread, 1000, 2000, "step");
    fixture.pushPop(thread, 1100, 1400, "forward");
    fixture.pushPop(thread, 3000, 4500, "step");
    fixture.pushPop(thread, 3100, 3300, "forward");
    fixture.runtimeCall(thread, 1150, 1160, 1);
    fixture.runtimeCall(thread, 1500, 1510, 2);
    fixture.runtimeCall(thread, 3150, 3160, 3);
    fixture.kernel({.start = 1200, .end = 1250, .correlationId = 1});
    fixture.kernel({.start = 1600,
                    .end = 1700,
                    .correlationId = 2,
                    .name = "relu(float*)",
                    .shortName = "relu"});
    fixture.kernel({.start = 3200, .end = 3270, .correlationId = 3});
    fixture.finish();
    return path;
}

TEST_F(NsysExportTest, RecognisesBothSpellingsOfTheMetadataTable) {
    writeTwoSteps(file("new.sqlite"));
    writeTwoSteps(file("old.sqlite"), {.schemaVersion = "2.9.1", .legacyMetadata = true});
    EXPECT_TRUE(NsysExport::recognises(file("new.sqlite")));
    EXPECT_TRUE(NsysExport::recognises(file("old.sqlite")));
    const NsysExport old(file("old.sqlite"));
    EXPECT_EQ(old.schemaText(), "2.9.1");
    EXPECT_EQ(old.schemaVersion(), 2);
    EXPECT_EQ(old.variantSummary(NsysExport::kRunId).size(), 2u);

    // A costscope recording is told apart by its header, without opening it as a database.
    {
        SqliteStore store(file("recording.sqlite"));
        store.beginRun(RunInfo{.suite = "quick"});
        store.endRun(RunStatus::Complete, "");
    }
    EXPECT_FALSE(NsysExport::recognises(file("recording.sqlite")));

    std::ofstream(file("text.sqlite")) << "not a database";
    EXPECT_FALSE(NsysExport::recognises(file("text.sqlite")));
    EXPECT_FALSE(NsysExport::recognises(file("missing.sqlite")));
    EXPECT_FALSE(NsysExport::recognises(dir_));
}

TEST_F(NsysExportTest, TheRunSaysWhereItCameFrom) {
    const NsysExport profile(writeTwoSteps(file("before-pruning.sqlite")));
    const std::vector<RunRow> runs = profile.runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].id, NsysExport::kRunId);
    EXPECT_EQ(runs[0].info.suite, "before-pruning");
    EXPECT_EQ(runs[0].info.host, "gpu-node-7");
    EXPECT_EQ(runs[0].info.startedUnixNs, 1764000000000000000);
    EXPECT_EQ(runs[0].state, RunState::Complete);
    EXPECT_TRUE(runs[0].info.warnings.empty());
    EXPECT_EQ(profile.formatText(), "Nsight Systems 2024.6.2.225 export, schema 3.16.1");
    const std::vector<DeviceRow> devices = profile.devices(NsysExport::kRunId);
    ASSERT_EQ(devices.size(), 1u);
    EXPECT_EQ(devices[0].info.kind, "gpu");
    EXPECT_EQ(devices[0].info.name, "NVIDIA H200");
    ASSERT_TRUE(devices[0].info.gpuTarget);
    EXPECT_EQ(devices[0].info.gpuTarget->smCount, 132);
    EXPECT_EQ(devices[0].info.gpuTarget->computeMajor, 9);
    EXPECT_THROW(profile.devices(2), StoreError);
}

TEST_F(NsysExportTest, NvtxRangesBecomeVariantsWithTheDeviceTimeTheirLaunchesCaused) {
    const NsysExport profile(writeTwoSteps(file("steps.sqlite")));
    const std::vector<VariantSummaryRow> variants = profile.variantSummary(NsysExport::kRunId);
    ASSERT_EQ(variants.size(), 2u);
    const VariantSummaryRow& step = variants[0];
    EXPECT_EQ(step.name, "step");
    EXPECT_EQ(step.family, "nvtx");
    EXPECT_EQ(step.device, "gpu");
    EXPECT_EQ(step.iterations, 2);
    EXPECT_DOUBLE_EQ(*step.medianMs, (1000 + 1500) / 2.0 / 1e6);
    EXPECT_DOUBLE_EQ(*step.kernelsPerCall, 1.5);  // 2 kernels, then 1
    const std::vector<Sample> samples = profile.samples(step.variantId);
    ASSERT_EQ(samples.size(), 2u);
    EXPECT_EQ(samples[0].startNs, 1000);
    EXPECT_EQ(samples[0].durationNs, 1000);
    EXPECT_EQ(samples[0].deviceNs, 50 + 100);
    EXPECT_EQ(samples[1].durationNs, 1500);
    EXPECT_EQ(samples[1].deviceNs, 70);

    const VariantSummaryRow& forward = variants[1];
    EXPECT_EQ(forward.name, "forward");
    const std::vector<Sample> nested = profile.samples(forward.variantId);
    ASSERT_EQ(nested.size(), 2u);
    EXPECT_EQ(nested[0].deviceNs, 50);  // the relu at 1500 was launched after it closed
    EXPECT_EQ(nested[1].deviceNs, 70);
    EXPECT_TRUE(profile.samples(99).empty());
}

TEST_F(NsysExportTest, RegisteredNamesAndDomainsNameTheRange) {
    NsysFixture fixture(file("domains.sqlite"));
    const uint64_t thread = NsysFixture::globalTid(100, 101);
    fixture.domain(thread, 5, "serving");
    fixture.pushPop(thread, 10, 20, "batch", /*registered=*/true);
    fixture.pushPop(thread, 30, 50, "batch", /*registered=*/false, /*domainId=*/5);
    fixture.startEnd(NsysFixture::globalTid(100, 102), 60, 90, "request");
    fixture.pushPop(thread, 100, -1, "never ended");
    fixture.finish();
    const NsysExport profile(file("domains.sqlite"));
    std::vector<std::string> names;
    for (const VariantSummaryRow& variant : profile.variantSummary(NsysExport::kRunId)) {
        names.push_back(variant.name);
        EXPECT_EQ(variant.device, "cpu");  // launched nothing: no device time
        EXPECT_FALSE(variant.deviceMedianMs);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"batch", "serving:batch", "request"}));
    const std::vector<RunRow> runs = profile.runs();
    ASSERT_EQ(runs[0].info.warnings.size(), 1u);
    EXPECT_NE(runs[0].info.warnings[0].message.find("1 NVTX range(s) never ended"),
              std::string::npos);
}

TEST_F(NsysExportTest, WithoutNvtxEachKernelNameIsAVariantOfItsInstances) {
    NsysFixture fixture(file("kernels.sqlite"));
    for (int i = 0; i < 5; ++i) {
        fixture.kernel({.start = 1000 * i, .end = 1000 * i + 100 + i, .correlationId = i});
        fixture.kernel({.start = 1000 * i + 500,
                        .end = 1000 * i + 530,
                        .correlationId = 100 + i,
                        .name = "relu(float*)",
                        .shortName = "relu"});
    }
    fixture.finish();
    const NsysExport profile(file("kernels.sqlite"));
    const std::vector<VariantSummaryRow> variants = profile.variantSummary(NsysExport::kRunId);
    ASSERT_EQ(variants.size(), 2u);
    EXPECT_EQ(variants[0].family, "kernel");
    EXPECT_EQ(variants[0].name, "gemm_kernel(float*, float const*, int)");
    EXPECT_EQ(variants[0].iterations, 5);
    EXPECT_DOUBLE_EQ(*variants[0].medianMs, 102 / 1e6);
    EXPECT_DOUBLE_EQ(*variants[0].deviceMedianMs, 102 / 1e6);
    EXPECT_EQ(variants[1].name, "relu(float*)");
    for (const Sample& sample : profile.samples(variants[1].variantId)) {
        EXPECT_EQ(sample.durationNs, 30);
        EXPECT_EQ(sample.deviceNs, 30);
    }
}

// nsys stats' cuda_gpu_kern_sum: per demangled name, total, instances, mean, median (the mean of
// the middle two for an even count), min, max, sample standard deviation, percent of all.
TEST_F(NsysExportTest, KernelSummaryMatchesWhatNsysStatsComputes) {
    NsysFixture fixture(file("summary.sqlite"));
    std::mt19937_64 random(7);
    std::map<std::string, std::vector<int64_t>> expected;
    const std::vector<std::string> names = {"gemm(float*)", "relu(float*)", "softmax(float*)"};
    int64_t time = 0;
    for (int i = 0; i < 301; ++i) {
        const std::string& name = names[random() % names.size()];
        const int64_t duration = 100 + int64_t(random() % 5000);
        fixture.kernel({.start = time,
                        .end = time + duration,
                        .correlationId = i,
                        .globalPid = NsysFixture::globalPid(i % 2 == 0 ? 100 : 200),
                        .name = name,
                        .shortName = name.substr(0, name.find('(')),
                        .streamId = 7 + i % 3});
        expected[name].push_back(duration);
        time += duration + 10;
    }
    fixture.finish();
    const NsysExport profile(file("summary.sqlite"));
    const std::vector<KernelSummaryRow> rows = profile.kernelSummary(NsysExport::kRunId);
    ASSERT_EQ(rows.size(), 3u);
    int64_t all = 0;
    for (const auto& [name, durations] : expected) {
        all += std::accumulate(durations.begin(), durations.end(), int64_t(0));
    }
    for (size_t i = 0; i < rows.size(); ++i) {
        const KernelSummaryRow& row = rows[i];
        std::vector<int64_t> d = expected.at(row.name);
        std::sort(d.begin(), d.end());
        const double n = double(d.size());
        const int64_t total = std::accumulate(d.begin(), d.end(), int64_t(0));
        const double mean = double(total) / n;
        double squares = 0;
        for (const int64_t value : d) {
            squares += (double(value) - mean) * (double(value) - mean);
        }
        const double median = d.size() % 2 == 1
                                  ? double(d[d.size() / 2])
                                  : (double(d[d.size() / 2 - 1]) + double(d[d.size() / 2])) / 2;
        EXPECT_EQ(row.shortName, row.name.substr(0, row.name.find('(')));
        EXPECT_EQ(row.instances, int64_t(d.size()));
        EXPECT_EQ(row.totalNs, total);
        EXPECT_DOUBLE_EQ(row.avgNs, mean);
        EXPECT_DOUBLE_EQ(row.medianNs, median);
        EXPECT_EQ(row.minNs, d.front());
        EXPECT_EQ(row.maxNs, d.back());
        EXPECT_NEAR(row.stddevNs, std::sqrt(squares / (n - 1)), 1e-6);
        EXPECT_NEAR(row.percent, 100.0 * double(total) / double(all), 1e-9);
        if (i > 0) {
            EXPECT_GE(rows[i - 1].totalNs, row.totalNs);  // the largest total first
        }
    }
}

TEST_F(NsysExportTest, TimelineHoldsEveryRowWithStreamsOfSeveralProcessesApart) {
    NsysFixture fixture(file("timeline.sqlite"));
    fixture.kernel({.start = 100, .end = 200, .correlationId = 1});
    fixture.kernel({.start = 300, .end = 400, .correlationId = 2});
    fixture.kernel({.start = 150,
                    .end = 250,
                    .correlationId = 1,
                    .globalPid = NsysFixture::globalPid(200)});  // the same stream number
    fixture.copy(50, 90, 4096, 1);
    fixture.memset(95, 99, 512);
    fixture.memoryEvent(10, 1 << 20, 0);
    fixture.memoryEvent(500, 1 << 20, 1);
    const uint64_t thread = NsysFixture::globalTid(100, 101);
    fixture.pushPop(thread, 0, 1000, "step");
    fixture.pushPop(thread, 90, 450, "forward");
    fixture.pushPop(thread, 100, 200, "matmul");
    fixture.pushPop(thread, 300, 400, "matmul");
    fixture.finish();
    const TimelineRows rows = NsysExport(file("timeline.sqlite")).timeline(NsysExport::kRunId);
    ASSERT_EQ(rows.kernels.size(), 3u);
    EXPECT_EQ(rows.configs.size(), 1u);  // one launch configuration, stored once
    EXPECT_NE(rows.kernels.streamId[0], rows.kernels.streamId[1] == rows.kernels.streamId[0]
                                            ? rows.kernels.streamId[2]
                                            : rows.kernels.streamId[1]);
    std::set<std::string> labels;
    for (const auto& [key, label] : rows.streamLabels) {
        labels.insert(label);
    }
    EXPECT_EQ(labels, (std::set<std::string>{"pid 100 · stream 7", "pid 200 · stream 7"}));
    EXPECT_EQ(rows.copies.size(), 1u);
    EXPECT_EQ(rows.copyBytes[0], 4096);
    EXPECT_EQ(rows.copyKind[0], 1);
    EXPECT_EQ(rows.memsets.size(), 1u);
    ASSERT_EQ(rows.memory.size(), 2u);
    EXPECT_EQ(rows.memory.memKind[0], 3);        // CUPTI's device memory
    EXPECT_EQ(rows.memory.operationType[0], 1);  // CUPTI's allocation
    EXPECT_EQ(rows.memory.operationType[1], 2);  // release
    ASSERT_EQ(rows.ranges.size(), 4u);
    ASSERT_EQ(rows.rangeLanes.size(), 3u);  // three nesting levels on one thread
    EXPECT_EQ(rows.rangeLanes[0], "NVTX · pid 100 · thread 101");
    EXPECT_EQ(rows.rangeLanes[2], "NVTX · pid 100 · thread 101 · level 3");
    for (size_t i = 0; i < rows.ranges.size(); ++i) {
        const std::string& name = rows.strings[rows.ranges.name[i]];
        const uint32_t expected = name == "step" ? 0 : name == "forward" ? 1 : 2;
        EXPECT_EQ(rows.ranges.lane[i], expected) << name;
    }
}

// nsys stats' cuda_gpu_mem_size_sum and _time_sum: per direction (and memsets), count, total,
// mean, median, min, max and standard deviation of the sizes, and the summed time.
TEST_F(NsysExportTest, CopiesAreSummarisedByKindAsNsysStatsDoes) {
    NsysFixture fixture(file("copies.sqlite"));
    const std::vector<int64_t> htod = {4096, 1 << 20, 3 << 20, 64};
    int64_t time = 0;
    for (const int64_t bytes : htod) {
        fixture.copy(time, time + 1000, bytes, 1);
        time += 2000;
    }
    fixture.copy(time, time + 500, 8192, 2);
    fixture.memset(time, time + 100, 256);
    fixture.memset(time + 200, time + 300, 512);
    fixture.finish();
    const std::vector<CopySummaryRow> rows =
        NsysExport(file("copies.sqlite")).copySummary(NsysExport::kRunId);
    ASSERT_EQ(rows.size(), 3u);
    const CopySummaryRow& first = rows[0];  // the most time
    EXPECT_EQ(first.operation, "[CUDA memcpy Host-to-Device]");
    EXPECT_EQ(first.count, 4);
    EXPECT_EQ(first.totalBytes, 4096 + (1 << 20) + (3 << 20) + 64);
    EXPECT_DOUBLE_EQ(first.medianBytes, (4096.0 + (1 << 20)) / 2);
    EXPECT_EQ(first.minBytes, 64);
    EXPECT_EQ(first.maxBytes, 3 << 20);
    EXPECT_EQ(first.totalNs, 4000);
    const double mean = double(first.totalBytes) / 4;
    double squares = 0;
    for (const int64_t bytes : htod) {
        squares += (double(bytes) - mean) * (double(bytes) - mean);
    }
    EXPECT_NEAR(first.stddevBytes, std::sqrt(squares / 3), 1e-6);
    EXPECT_NEAR(first.percent, 100.0 * 4000 / 4700, 1e-9);
    EXPECT_EQ(rows[1].operation, "[CUDA memcpy Device-to-Host]");
    EXPECT_EQ(rows[2].operation, "[CUDA memset]");
    EXPECT_EQ(rows[2].count, 2);
    EXPECT_EQ(rows[2].totalNs, 200);
}

TEST_F(NsysExportTest, LanesNameProcessesAndThreadsAsNsysDoes) {
    NsysFixture fixture(file("names.sqlite"));
    fixture.processName(100, "python");
    fixture.processName(200, "tritonserver");
    fixture.threadName(NsysFixture::globalTid(100, 101), "MainThread");
    fixture.pushPop(NsysFixture::globalTid(100, 101), 0, 10, "step");
    fixture.pushPop(NsysFixture::globalTid(100, 102), 0, 10, "step");  // a thread with no name
    fixture.kernel({.start = 1, .end = 2, .correlationId = 1});
    fixture.kernel(
        {.start = 1, .end = 2, .correlationId = 1, .globalPid = NsysFixture::globalPid(200)});
    fixture.finish();
    const TimelineRows rows = NsysExport(file("names.sqlite")).timeline(NsysExport::kRunId);
    EXPECT_EQ(rows.rangeLanes, (std::vector<std::string>{"NVTX · python [100] · MainThread [101]",
                                                         "NVTX · python [100] · thread 102"}));
    std::set<std::string> streams;
    for (const auto& [key, label] : rows.streamLabels) {
        streams.insert(label);
    }
    EXPECT_EQ(streams,
              (std::set<std::string>{"python [100] · stream 7", "tritonserver [200] · stream 7"}));
}

// Found by the fuzz entry: a range from INT64_MIN overflowed its duration.
TEST_F(NsysExportTest, DurationsOfADamagedFileAreHeldNotWrapped) {
    NsysFixture fixture(file("extreme.sqlite"));
    const uint64_t thread = NsysFixture::globalTid(100, 101);
    fixture.pushPop(thread, INT64_MIN, INT64_MAX, "everything");
    fixture.pushPop(thread, 500, 100, "backwards");
    fixture.kernel({.start = INT64_MIN, .end = 1800, .correlationId = 1});
    fixture.copy(INT64_MIN, INT64_MAX, 16, 1);
    fixture.finish();
    const NsysExport profile(file("extreme.sqlite"));
    const std::vector<VariantSummaryRow> variants = profile.variantSummary(NsysExport::kRunId);
    ASSERT_EQ(variants.size(), 2u);
    EXPECT_EQ(profile.samples(variants[0].variantId).at(0).durationNs, INT64_MAX);
    EXPECT_EQ(profile.samples(variants[1].variantId).at(0).durationNs, 0);
    EXPECT_EQ(profile.kernelSummary(NsysExport::kRunId).at(0).totalNs, INT64_MAX);
    EXPECT_EQ(profile.copySummary(NsysExport::kRunId).at(0).totalNs, INT64_MAX);
}

TEST_F(NsysExportTest, KernelsWithNamesMissingFromStringIdsOpenWithAWarning) {
    NsysFixture fixture(file("names.sqlite"));
    fixture.kernel({.start = 100, .end = 200, .correlationId = 1});
    fixture.exec("UPDATE CUPTI_ACTIVITY_KIND_KERNEL SET demangledName = 4242");
    fixture.finish();
    const NsysExport profile(file("names.sqlite"));
    const std::vector<KernelSummaryRow> rows = profile.kernelSummary(NsysExport::kRunId);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].name, "(name 4242 missing from StringIds)");
    const std::vector<RunWarning>& warnings = profile.readWarnings();
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].message.find("1 kernel(s)"), std::string::npos);
    EXPECT_NE(warnings[0].message.find("names.sqlite"), std::string::npos);
    EXPECT_NE(warnings[0].message.find("nsys export --type sqlite"), std::string::npos);
}

TEST_F(NsysExportTest, ANewerSchemaMajorIsRefusedNamingBothVersions) {
    writeTwoSteps(file("newer.sqlite"), {.schemaVersion = "4.0.2"});
    const std::string message = refusal<NewerSchema>(file("newer.sqlite"));
    EXPECT_NE(message.find("newer.sqlite"), std::string::npos) << message;
    EXPECT_NE(message.find("4.0.2"), std::string::npos) << message;
    EXPECT_NE(message.find("2.x to 3.x"), std::string::npos) << message;
    writeTwoSteps(file("older.sqlite"), {.schemaVersion = "1.2.0"});
    EXPECT_NE(refusal(file("older.sqlite")).find("older than this build reads"), std::string::npos);
    writeTwoSteps(file("garbled.sqlite"), {.schemaVersion = "three"});
    EXPECT_NE(refusal(file("garbled.sqlite")).find("'three'"), std::string::npos);
}

TEST_F(NsysExportTest, ATableWithoutAColumnItReadsIsRefusedNamingTableAndColumn) {
    NsysFixture fixture(file("columns.sqlite"));
    fixture.exec("ALTER TABLE CUPTI_ACTIVITY_KIND_KERNEL DROP COLUMN shortName");
    fixture.finish();
    const std::string message = refusal(file("columns.sqlite"));
    EXPECT_NE(message.find("columns.sqlite"), std::string::npos) << message;
    EXPECT_NE(message.find("CUPTI_ACTIVITY_KIND_KERNEL"), std::string::npos) << message;
    EXPECT_NE(message.find("shortName"), std::string::npos) << message;
    EXPECT_NE(message.find("nsys export --type sqlite"), std::string::npos) << message;
}

TEST_F(NsysExportTest, AnExportStillBeingWrittenIsRefused) {
    writeTwoSteps(file("writing.sqlite"));
    std::ofstream(file("writing.sqlite-journal")) << "journal";
    const std::string message = refusal(file("writing.sqlite"));
    EXPECT_NE(message.find("still being written"), std::string::npos) << message;

    // Metadata not written yet: the version row is missing.
    NsysFixture fixture(file("early.sqlite"));
    fixture.exec("DELETE FROM META_DATA_EXPORT");
    fixture.finish();
    EXPECT_NE(refusal(file("early.sqlite")).find("incomplete"), std::string::npos);
}

TEST_F(NsysExportTest, ATruncatedExportIsRefusedWithoutACrash) {
    NsysFixture fixture(file("whole.sqlite"));
    for (int i = 0; i < 3000; ++i) {
        fixture.kernel({.start = i * 100, .end = i * 100 + 50, .correlationId = i});
    }
    fixture.finish();
    const std::string bytes = bytesOf(file("whole.sqlite"));
    for (const double keep : {0.9, 0.6, 0.4}) {
        const fs::path cut = file("cut" + std::to_string(int(keep * 100)) + ".sqlite");
        std::ofstream(cut, std::ios::binary)
            << bytes.substr(0, size_t(double(bytes.size()) * keep));
        // Recognised as an export still, so the advice is about exports, not recordings.
        EXPECT_TRUE(NsysExport::recognises(cut)) << keep;
        const std::string message = refusal(cut);
        EXPECT_NE(message.find(cut.string()), std::string::npos) << keep << ": " << message;
        EXPECT_NE(message.find("nsys export"), std::string::npos) << keep << ": " << message;
    }
}

TEST_F(NsysExportTest, AnSqliteFileOfAnotherProgramIsNotAnExport) {
    NsysFixture fixture(file("other.sqlite"));
    fixture.exec("DROP TABLE META_DATA_EXPORT");
    fixture.finish();
    EXPECT_FALSE(NsysExport::recognises(file("other.sqlite")));
    EXPECT_NE(refusal<NotARecording>(file("other.sqlite")).find("not an Nsight Systems export"),
              std::string::npos);
}

TEST_F(NsysExportTest, ReadingNeverWritesTheFile) {
    writeTwoSteps(file("untouched.sqlite"));
    const std::string before = bytesOf(file("untouched.sqlite"));
    const auto modified = fs::last_write_time(file("untouched.sqlite"));
    {
        const NsysExport profile(file("untouched.sqlite"));
        profile.runs();
        profile.devices(NsysExport::kRunId);
        profile.variantSummary(NsysExport::kRunId);
        profile.kernelSummary(NsysExport::kRunId);
        profile.timeline(NsysExport::kRunId);
    }
    EXPECT_EQ(bytesOf(file("untouched.sqlite")), before);
    EXPECT_EQ(fs::last_write_time(file("untouched.sqlite")), modified);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

}  // namespace
}  // namespace costscope
