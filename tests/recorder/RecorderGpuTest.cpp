// costscope-record on a real GPU: every timed call leaves kernel rows on its variant, on the
// CPU samples' clock, and nothing is dropped. Skipped, with CUDA's reason, without a GPU.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "kernels/gpu/CusparseLtLibrary.h"
#include "profiler/GpuProbe.h"
#include "profiler/store/Recording.h"
#include "profiler/store/TimelineRows.h"
#include "profiler/store/TimelineSummary.h"
#include "tests/recorder/Subprocess.h"
#include "tests/recorder/TestDatabase.h"

namespace costscope {
namespace {

namespace fs = std::filesystem;
using test::Database;

// Every GPU family once, small enough to run in seconds; the odd shape exercises bounds.
constexpr const char* kGpuSuite = R"({
  "name": "gpu",
  "measure": { "warmup": 2, "min_iterations": 10, "min_time": 0.05 },
  "workloads": [
    { "family": "gemm", "devices": ["gpu"], "sizes": [1024, [100, 72, 36]] },
    { "family": "pruned", "devices": ["gpu"], "sparsities": [0.9], "sizes": [1024] },
    { "family": "quantized", "devices": ["gpu"], "sizes": [1024] }
  ]
}
)";

// Records the suite once for all tests; COSTSCOPE_RECORD_EXE in the environment overrides the
// built path (a bundle run on a GPU server, see scripts/gpu-check.sh).
class RecorderOnGpu : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        const GpuProbe gpu = probeGpu();
        if (!gpu.usable) {
            skipReason_ = "no usable CUDA device: " + gpu.reason;
            return;
        }
        dir_ = fs::temp_directory_path() / ("costscope-gpu-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        std::ofstream(dir_ / "gpu.json") << kGpuSuite;
        const char* exe = std::getenv("COSTSCOPE_RECORD_EXE");
        recorded_ = test::runProcess({exe ? exe : COSTSCOPE_RECORD_EXE, "--suite",
                                      (dir_ / "gpu.json").string(), "--out",
                                      (dir_ / "gpu.sqlite").string(), "-q"});
    }
    static void TearDownTestSuite() {
        if (!dir_.empty())
            fs::remove_all(dir_);
    }
    void SetUp() override {
        if (!skipReason_.empty())
            GTEST_SKIP() << skipReason_;
        ASSERT_EQ(recorded_.exitCode, 0) << recorded_.err << recorded_.out;
    }

    static inline fs::path dir_;
    static inline std::string skipReason_;
    static inline test::ProcessResult recorded_;
};

TEST_F(RecorderOnGpu, TheCollectorRanAndDroppedNothing) {
    const Database db(dir_ / "gpu.sqlite");
    EXPECT_EQ(db.scalar("SELECT cupti_enabled FROM runs"), "1");
    EXPECT_EQ(db.scalar("SELECT cupti_dropped_records FROM runs"), "0");
    EXPECT_NE(db.scalar("SELECT COUNT(*) FROM variant_summary WHERE status = 'ok'"), "0");
}

TEST_F(RecorderOnGpu, TheRunsTimelineSummaryIsKeptInTheFileAndEqualsItsRows) {
    const Recording recording(dir_ / "gpu.sqlite");
    const int64_t runId = recording.runs().back().id;
    const std::optional<TimelineSummary> cached = recording.timelineSummary(runId);
    ASSERT_TRUE(cached.has_value()) << "the recorder wrote no timeline cache";
    const TimelineSummary rows = TimelineSummary::of(recording.timeline(runId));
    EXPECT_FALSE(rows.lanes.empty());
    EXPECT_EQ(cached->lanes, rows.lanes);
}

TEST_F(RecorderOnGpu, EveryTimedSampleHasDeviceTimeWithinItsEndToEndTime) {
    const Database db(dir_ / "gpu.sqlite");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM samples s JOIN variants v ON v.id = s.variant_id "
                        "WHERE v.device = 'gpu' AND v.status = 'ok' AND (s.device_ns IS NULL "
                        "OR s.device_ns <= 0 OR s.device_ns > s.duration_ns)"),
              "0");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variant_summary WHERE device = 'gpu' AND status = "
                        "'ok' AND (device_median_ms IS NULL OR device_median_ms > median_ms OR "
                        "kernels_per_call < 1 OR copied_bytes_per_call <= 0 OR "
                        "peak_device_mem_bytes <= 0)"),
              "0");
}

TEST_F(RecorderOnGpu, KernelRowsBelongToTheirVariantAndLieWithinItsSpan) {
    const Database db(dir_ / "gpu.sqlite");
    // At least one kernel per call made (warm-up and timed calls).
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variants v WHERE v.device = 'gpu' AND v.status = "
                        "'ok' AND (SELECT COUNT(*) FROM CUPTI_ACTIVITY_KIND_KERNEL k WHERE "
                        "k.variantId = v.id) < v.warmup + v.iterations * v.calls_per_sample"),
              "0");
    // GPU timestamps are on the CPU's clock: a variant's kernels ran while it was measured.
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM CUPTI_ACTIVITY_KIND_KERNEL k JOIN variants v ON "
                        "v.id = k.variantId WHERE k.start < v.started_ns OR k.end > v.ended_ns "
                        "OR k.end < k.start"),
              "0");
    // Copies in and out of every call are recorded and attributed too.
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variants v WHERE v.device = 'gpu' AND v.status = "
                        "'ok' AND NOT EXISTS (SELECT 1 FROM CUPTI_ACTIVITY_KIND_MEMCPY c WHERE "
                        "c.variantId = v.id AND c.copyKind = 1)"),
              "0");
}

TEST_F(RecorderOnGpu, EveryVariantIsRightAgainstFp64) {
    const Database db(dir_ / "gpu.sqlite");
    // A 2:4 variant may be skipped for want of cuSPARSELt only where the library is nowhere.
    const std::string cusparseLt = cusparselt::searchPlaces().firstFile();
    for (const auto& row : db.rows("SELECT name, status, reason, kernel_error, backend FROM "
                                   "variant_summary WHERE device = 'gpu'")) {
        if (row[1] == "skipped") {
            // cuSPARSELt absent, FP8 on an older device: stored with the reason.
            EXPECT_TRUE(row[4] != "cusparselt" || cusparseLt.empty())
                << row[0] << " was skipped although " << cusparseLt << " is here: " << row[2];
            continue;
        }
        EXPECT_EQ(row[1], "ok") << row[0] << ": " << row[2];
        EXPECT_LT(std::stod(row[3]), 2e-2) << row[0];
    }
}

}  // namespace
}  // namespace costscope
