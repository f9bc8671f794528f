// The recorder's progress lines: what a log of a non-interactive run shows per variant.
#include "profiler/recorder/Progress.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace costscope {
namespace {

VariantRecord okRecord() {
    VariantRecord record;
    record.spec = VariantSpec{.family = "gemm",
                              .device = "cpu",
                              .backend = "openblas",
                              .precision = "fp32",
                              .structure = "dense",
                              .m = 1000,
                              .n = 1000,
                              .k = 1000};
    record.status = VariantStatus::Ok;
    const std::vector<int64_t> ns{2'000'000, 2'000'000, 2'000'000};  // 2 ms for 2 GFLOP
    record.stats = SampleStats::from(ns);
    return record;
}

TEST(Progress, FinishedLineShowsMedianRateAndName) {
    const auto line = Progress::formatFinished(2, 12, okRecord());
    EXPECT_EQ(line.rfind("[ 3/12] ok", 0), 0u) << line;
    EXPECT_NE(line.find("2.000 ms"), std::string::npos) << line;
    EXPECT_NE(line.find("1000.0 GFLOP/s"), std::string::npos) << line;
    EXPECT_NE(line.find("gemm/fp32/openblas/cpu/1000x1000x1000"), std::string::npos) << line;
}

TEST(Progress, RoundsThatDisagreeAreMarked) {
    auto record = okRecord();
    record.roundAgreement = RoundAgreement{.spread = 0.3, .disagree = true};
    EXPECT_NE(Progress::formatFinished(0, 1, record).find("(rounds disagree)"), std::string::npos);
}

TEST(Progress, SkippedLineCarriesTheReason) {
    auto record = okRecord();
    record.status = VariantStatus::Skipped;
    record.stats.reset();
    record.reason = "no CUDA-capable device is detected";
    const auto line = Progress::formatFinished(0, 1, record);
    EXPECT_EQ(line.rfind("[1/1] skipped", 0), 0u) << line;
    EXPECT_NE(line.find(": no CUDA-capable device is detected"), std::string::npos) << line;
}

TEST(Progress, NonInteractiveOutputIsOneLinePerVariantWithoutEscapes) {
    std::ostringstream out;
    const auto record = okRecord();
    {
        // Two variants in three rounds: six steps, a line when each is done.
        Progress progress(out, Progress::Style::Log, {record.spec, record.spec}, false, 3);
        for (size_t step = 0; step < 6; ++step) {
            progress.variantStarted(step, 6, record.spec);
            progress.iterationDone(step, 1);
            progress.variantFinished(step, 6, record, step >= 4);
        }
    }
    const auto text = out.str();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
    EXPECT_EQ(text.find("[1/2] ok"), 0u) << text;
    EXPECT_NE(text.find("\n[2/2] ok"), std::string::npos) << text;
    EXPECT_EQ(text.find('\033'), std::string::npos) << "escape codes in a log";
}

TEST(Progress, LiveOutputRedrawsInPlaceAndShowsTheCurrentVariant) {
    std::ostringstream out;
    const auto record = okRecord();
    {
        Progress progress(out, Progress::Style::Live, {record.spec}, false, 1);
        progress.variantStarted(0, 1, record.spec);
    }
    const auto text = out.str();
    EXPECT_NE(text.find("\r\033[K"), std::string::npos);
    EXPECT_NE(text.find("1/1"), std::string::npos);
    EXPECT_NE(text.find(record.spec.name()), std::string::npos);
    EXPECT_NE(text.find("ETA"), std::string::npos);
}

TEST(Progress, MachineOutputIsOneEventPerStartAndEndAndNothingElse) {
    std::ostringstream out;
    const auto record = okRecord();
    auto skipped = record;
    skipped.status = VariantStatus::Skipped;
    skipped.stats.reset();
    skipped.reason = "no GPU";
    {
        Progress progress(out, Progress::Style::Machine, {record.spec, record.spec}, false, 1);
        progress.variantStarted(0, 2, record.spec);
        progress.iterationDone(0, 1);
        progress.variantFinished(0, 2, record, true);
        progress.variantStarted(1, 2, record.spec);
        progress.variantFinished(1, 2, skipped, true);
    }
    const std::string name = record.spec.name();
    EXPECT_EQ(out.str(), "progress 1 2 running " + name + "\nprogress 1 2 ok " + name +
                             "\nprogress 2 2 running " + name + "\nprogress 2 2 skipped " + name +
                             "\n");
}

}  // namespace
}  // namespace costscope
