// Nsight Systems exports of any program, as users open them: read as a run through the GUI's
// loader, compared with each other (NVTX ranges give the same verdicts as costscope's variants),
// drawn on the timeline with their NVTX lanes, and reported headless with `costscope --report`.
#include <gtest/gtest.h>

#include <QFileInfo>
#include <cstdlib>
#include <fstream>
#include <random>

#include "app/comparison/RunComparison.h"
#include "app/core/RunLoader.h"
#include "app/timeline/TimelineLoader.h"
#include "profiler/nsys/NsysCache.h"
#include "profiler/nsys/NsysExport.h"
#include "tests/gui/report/ReportTestSupport.h"
#include "tests/support/NsysFixture.h"

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

using test::NsysFixture;
using test::qpath;
using test::ScratchDir;

// An inference server's profile: 60 "step" ranges, each launching a GEMM and a ReLU, and CPU-only
// "tokenize" ranges. `stepScale` scales the steps' host time and their GEMM; every duration
// varies by up to ±1 % (seeded), as a real machine's do.
std::filesystem::path writeServing(const std::filesystem::path& path, double stepScale,
                                   uint32_t seed) {
    NsysFixture fixture(path);
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> jitter(0.99, 1.01);
    const uint64_t thread = NsysFixture::globalTid(4242, 4243);
    int64_t time = 1'000'000;
    int64_t correlation = 1;
    for (int step = 0; step < 60; ++step) {
        const int64_t tokenize = int64_t(20'000 * jitter(random));
        fixture.pushPop(thread, time, time + tokenize, "tokenize");
        time += tokenize + 1000;
        const int64_t length = int64_t(100'000 * stepScale * jitter(random));
        fixture.pushPop(thread, time, time + length, "step");
        for (const bool gemm : {true, false}) {
            const int64_t call = time + (gemm ? 1000 : 2000);
            fixture.runtimeCall(thread, call, call + 500, correlation);
            const int64_t kernel = int64_t((gemm ? 60'000 * stepScale : 10'000) * jitter(random));
            const int64_t start = call + (gemm ? 3000 : 70'000 * stepScale);
            fixture.kernel({.start = start,
                            .end = start + kernel,
                            .correlationId = correlation++,
                            .globalPid = NsysFixture::globalPid(4242),
                            .name = gemm ? "sm90_gemm_bf16(float*)" : "relu(float*)",
                            .shortName = gemm ? "sm90_gemm_bf16" : "relu"});
        }
        time += length + 5000;
    }
    fixture.finish();
    return path;
}

const VariantDiff& diffOf(const RunComparison& comparison, const std::string& name) {
    for (const VariantDiff& diff : comparison.diffs) {
        if (diff.name == name) {
            return diff;
        }
    }
    throw std::runtime_error("no diff for " + name);
}

RunDataPtr load(const std::filesystem::path& path) {
    return std::make_shared<const RunData>(loadRun(path, NsysExport::kRunId));
}

TEST(NsysImportTest, AnExportLoadsAsARunWithItsRangesAsVariants) {
    ScratchDir dir;
    const auto path = writeServing(dir.file("serving.sqlite"), 1.0, 1);
    const FileData file = loadFile(path);
    EXPECT_TRUE(file.imported);
    EXPECT_EQ(file.format, "Nsight Systems 2024.6.2.225 export, schema 3.16.1");
    ASSERT_EQ(file.runs.size(), 1u);
    EXPECT_EQ(newestRunId(file), NsysExport::kRunId);
    const RunDataPtr run = load(path);
    ASSERT_EQ(run->variants.size(), 2u);
    EXPECT_EQ(run->variants[0].name, "tokenize");
    EXPECT_EQ(run->variants[0].device, "cpu");
    EXPECT_EQ(run->variants[1].name, "step");
    EXPECT_EQ(run->variants[1].device, "gpu");
    EXPECT_EQ(run->samples.at(run->variants[1].variantId).size(), 60u);
    EXPECT_TRUE(run->hasGpuActivity());
    ASSERT_EQ(run->kernels.size(), 2u);
    EXPECT_EQ(run->kernels[0].name, "sm90_gemm_bf16(float*)");
    EXPECT_EQ(run->kernels[0].instances, 60);
}

TEST(NsysImportTest, WhatTheReadsFoundWrongReachesTheRunsWarnings) {
    ScratchDir dir;
    const auto path = writeServing(dir.file("names.sqlite"), 1.0, 1);
    test::rawExec(path, "DELETE FROM StringIds WHERE value = 'relu(float*)'");
    const RunDataPtr run = load(path);
    ASSERT_EQ(run->run.info.warnings.size(), 1u);
    EXPECT_NE(run->run.info.warnings[0].message.find("60 kernel(s)"), std::string::npos)
        << run->run.info.warnings[0].message;
}

TEST(NsysImportTest, TwoExportsCompareWithTheVerdictsOfTwoRecordings) {
    ScratchDir dir;
    const RunDataPtr before = load(writeServing(dir.file("before.sqlite"), 1.0, 1));
    const RunDataPtr after = load(writeServing(dir.file("after.sqlite"), 0.7, 2));
    const RunComparison comparison = compareRuns(before, after);
    const VariantDiff& step = diffOf(comparison, "step");
    EXPECT_EQ(step.time.verdict, DiffVerdict::Faster);
    ASSERT_TRUE(step.time.interval);
    EXPECT_NEAR(step.time.interval->ratio, 0.7, 0.02);
    EXPECT_LT(step.time.interval->high, 1.0 / 1.02);
    EXPECT_EQ(step.device.verdict, DiffVerdict::Faster);  // the GEMM the steps launched
    EXPECT_EQ(diffOf(comparison, "tokenize").time.verdict, DiffVerdict::Same);
    EXPECT_TRUE(comparison.hasDeviceTimes());
    // Instances and the time they took in all, beside the medians.
    EXPECT_TRUE(comparison.hasImported());
    EXPECT_EQ(step.totals.baselineCount, 60);
    EXPECT_EQ(step.totals.candidateCount, 60);
    double total = 0;
    for (const Sample& sample : before->samples.at(step.baseline->variantId)) {
        total += double(sample.durationNs);
    }
    EXPECT_DOUBLE_EQ(*step.totals.baselineTotalMs, total / 1e6);
    EXPECT_NEAR(*step.totals.candidateTotalMs / *step.totals.baselineTotalMs, 0.7, 0.02);

    // A/A: two profiles of the same program compare as the same.
    const RunDataPtr again = load(writeServing(dir.file("again.sqlite"), 1.0, 3));
    const RunComparison aa = compareRuns(before, again);
    for (const VariantDiff& diff : aa.diffs) {
        EXPECT_EQ(diff.time.verdict, DiffVerdict::Same) << diff.name;
    }
}

TEST(NsysImportTest, WithoutNvtxKernelsCompareByName) {
    ScratchDir dir;
    const auto strip = [](const std::filesystem::path& path) {
        test::rawExec(path, "DELETE FROM NVTX_EVENTS");
        return path;
    };
    const RunDataPtr before = load(strip(writeServing(dir.file("before.sqlite"), 1.0, 1)));
    const RunDataPtr after = load(strip(writeServing(dir.file("after.sqlite"), 0.7, 2)));
    const RunComparison comparison = compareRuns(before, after);
    ASSERT_EQ(comparison.diffs.size(), 2u);
    EXPECT_EQ(diffOf(comparison, "sm90_gemm_bf16(float*)").time.verdict, DiffVerdict::Faster);
    EXPECT_EQ(diffOf(comparison, "relu(float*)").time.verdict, DiffVerdict::Same);
}

TEST(NsysImportTest, TheTimelineDrawsNvtxLanesAboveTheStreams) {
    ScratchDir dir;
    const RunDataPtr run = load(writeServing(dir.file("serving.sqlite"), 1.0, 1));
    const TimelineModel model = TimelineLoader::read(*run);
    ASSERT_FALSE(model.lanes().empty());
    EXPECT_EQ(model.lanes().front().kind, TimelineModel::Kind::Range);
    EXPECT_EQ(model.lanes().front().label, u"NVTX · pid 4242 · thread 4243"_s);
    EXPECT_EQ(model.lanes().front().spans, 120u);
    EXPECT_EQ(model.lanes().back().label, u"GPU 0 · stream 7 · kernels"_s);
    EXPECT_EQ(model.lanes().back().spans, 120u);
    const TimelineModel::SpanRef first{0, 0};
    EXPECT_TRUE(model.details(first).startsWith(u"tokenize\nNVTX range on the host"_s))
        << model.details(first).toStdString();
    // The export's kernels take the recordings' path: summarised, zoomed-out views counted
    // from the summary, zoomed-in ones and clicks from the rows of their window.
    const int kernels = int(model.lanes().size()) - 1;
    ASSERT_NE(model.lanes().back().summary, nullptr);
    uint32_t counted = 0;
    const TimelineLod whole = model.query(kernels, model.origin(), model.finish() + 1, 20);
    for (const TimelineBox& box : whole.boxes) {
        counted += box.count;
    }
    EXPECT_EQ(counted + whole.items.size(), 120u);
    const auto spans = model.spansIn(kernels, model.origin(), model.finish() + 1);
    ASSERT_EQ(spans.size(), 120u);
    EXPECT_TRUE(model.details(spans[5]).contains(u"Kernel on GPU 0"_s))
        << model.details(spans[5]).toStdString();
}

// The export's timeline summary is kept in the user's cache directory, never in the export: the
// first open writes it, the next reads it and draws the same; a report writes none; without a
// cache directory the summary is made in memory and the window says so.
TEST(NsysImportTest, TheTimelineSummaryIsKeptBesideTheExportNotInIt) {
    ScratchDir dir;
    const std::filesystem::path cacheDirectory = dir.file("cache");
    const char* saved = std::getenv("COSTSCOPE_CACHE_DIR");
    const std::string restore = saved ? saved : "";
    setenv("COSTSCOPE_CACHE_DIR", cacheDirectory.c_str(), 1);
    const std::filesystem::path path = writeServing(dir.file("serving.sqlite"), 1.0, 1);
    const auto size = std::filesystem::file_size(path);
    const auto time = std::filesystem::last_write_time(path);
    const RunDataPtr run = load(path);

    const TimelineModel report = TimelineLoader::read(*run, /*writeCache=*/false);
    EXPECT_FALSE(std::filesystem::exists(NsysCache(path).file()));
    const TimelineModel first = TimelineLoader::read(*run);
    EXPECT_TRUE(first.summaryNote().isEmpty()) << first.summaryNote().toStdString();
    ASSERT_TRUE(std::filesystem::exists(NsysCache(path).file()));
    EXPECT_EQ(NsysCache(path).file().parent_path(), cacheDirectory / "nsys");
    EXPECT_TRUE(NsysExport(path).timelineSummary(NsysExport::kRunId).has_value());
    const TimelineModel again = TimelineLoader::read(*run);
    EXPECT_EQ(again.summary().lanes, first.summary().lanes);
    EXPECT_EQ(again.summary().lanes, report.summary().lanes);
    ASSERT_EQ(again.lanes().size(), first.lanes().size());
    const int kernels = int(again.lanes().size()) - 1;
    const auto spans = again.spansIn(kernels, again.origin(), again.finish() + 1);
    ASSERT_EQ(spans.size(), 120u);
    EXPECT_EQ(spans, first.spansIn(kernels, first.origin(), first.finish() + 1));
    EXPECT_EQ(again.details(spans[7]), first.details(spans[7]));
    EXPECT_EQ(again.details(TimelineModel::SpanRef{0, 0}),
              first.details(TimelineModel::SpanRef{0, 0}));  // an NVTX range
    // The export itself is as it was.
    EXPECT_EQ(std::filesystem::file_size(path), size);
    EXPECT_EQ(std::filesystem::last_write_time(path), time);

    // No directory to keep it in: drawn all the same, and said.
    std::filesystem::remove_all(cacheDirectory);
    std::ofstream(cacheDirectory) << "a file where the directory would be";
    const TimelineModel unsaved = TimelineLoader::read(*run);
    EXPECT_TRUE(unsaved.summaryNote().contains(u"computed in memory"_s))
        << unsaved.summaryNote().toStdString();
    EXPECT_EQ(unsaved.summary().lanes, first.summary().lanes);
    if (saved) {
        setenv("COSTSCOPE_CACHE_DIR", restore.c_str(), 1);
    } else {
        unsetenv("COSTSCOPE_CACHE_DIR");
    }
}

TEST(NsysImportTest, TheReportComparesTwoExportsHeadless) {
    ScratchDir dir;
    const auto before = writeServing(dir.file("before.sqlite"), 1.0, 1);
    const auto after = writeServing(dir.file("after.sqlite"), 0.7, 2);
    const std::string bytes = test::readBytes(before);
    const auto out = dir.file("serving.html");
    const test::CliResult result = test::runCostscope(
        {u"--report"_s, qpath(out), qpath(after), u"--baseline"_s, qpath(before)});
    ASSERT_FALSE(result.crashed);
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const QString html = QString::fromStdString(test::readBytes(out));
    EXPECT_TRUE(html.contains(u"Nsight Systems 2024.6.2.225 export, schema 3.16.1"_s));
    EXPECT_TRUE(html.contains(u"each instance of an NVTX range"_s));
    EXPECT_TRUE(html.contains(u"Candidate total (ms)"_s));
    EXPECT_FALSE(html.contains(u"warm-up 0"_s));
    EXPECT_TRUE(html.contains(u"<td>faster</td>"_s));
    EXPECT_TRUE(html.contains(u"sm90_gemm_bf16"_s));
    EXPECT_EQ(test::readBytes(before), bytes);
}

TEST(NsysImportTest, TheReportRefusesABadExportNamingTheFile) {
    ScratchDir dir;
    const auto newer = dir.file("newer.sqlite");
    NsysFixture(newer, {.schemaVersion = "4.1.0"}).finish();
    const auto columns = dir.file("columns.sqlite");
    {
        NsysFixture fixture(columns);
        fixture.exec("ALTER TABLE NVTX_EVENTS DROP COLUMN eventType");
        fixture.finish();
    }
    for (const auto& [path, words] : {std::pair{newer, u"4.1.0"_s}, {columns, u"eventType"_s}}) {
        const std::string bytes = test::readBytes(path);
        const auto out = dir.file("refused.html");
        const test::CliResult result = test::runCostscope({u"--report"_s, qpath(out), qpath(path)});
        EXPECT_FALSE(result.crashed);
        EXPECT_EQ(result.exitCode, 2) << result.err.toStdString();
        EXPECT_TRUE(result.err.contains(qpath(path))) << result.err.toStdString();
        EXPECT_TRUE(result.err.contains(words)) << result.err.toStdString();
        EXPECT_FALSE(std::filesystem::exists(out));
        EXPECT_EQ(test::readBytes(path), bytes);
    }
}

}  // namespace
}  // namespace costscope
