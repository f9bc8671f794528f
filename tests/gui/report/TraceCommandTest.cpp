// `costscope --export-trace` as users run it: the built executable as a child process with no
// display, a recording and an Nsight Systems export exported and parsed back, bad inputs refused
// with exit 2, the file named, nothing written.
#include <gtest/gtest.h>

#include <QFileInfo>
#include <nlohmann/json.hpp>

#include "app/core/RunLoader.h"
#include "profiler/nsys/NsysExport.h"
#include "tests/gui/report/ReportTestSupport.h"
#include "tests/support/NsysFixture.h"

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

using test::qpath;
using test::ScratchDir;

struct Counts {
    size_t kernels = 0, copies = 0, memsets = 0, variants = 0, ranges = 0;
};

Counts countsOf(const std::filesystem::path& trace) {
    const nlohmann::json document = nlohmann::json::parse(test::readBytes(trace));
    Counts counts;
    for (const nlohmann::json& event : document["traceEvents"]) {
        if (event["ph"] != "X") {
            continue;
        }
        const std::string category = event["cat"];
        counts.kernels += category == "kernel";
        counts.copies += category == "copy";
        counts.memsets += category == "memset";
        counts.variants += category == "variant";
        counts.ranges += category == "nvtx";
    }
    return counts;
}

TEST(TraceCommandTest, ARecordingsTimelineIsExportedWhole) {
    ScratchDir dir;
    const auto path = dir.file("run.sqlite");
    const int64_t runId = test::writeFixtureRun(path);
    const std::string before = test::readBytes(path);
    const auto out = dir.file("trace.json");
    const test::CliResult result =
        test::runCostscope({u"--export-trace"_s, qpath(out), qpath(path)});
    ASSERT_FALSE(result.crashed);
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    EXPECT_EQ(result.out.trimmed(), QFileInfo(qpath(out)).absoluteFilePath());
    const RunData run = loadRun(path, runId);
    const TimelineRows rows = loadTimelineRows(run);
    const Counts counts = countsOf(out);
    EXPECT_GT(counts.kernels, 0u);
    EXPECT_EQ(counts.kernels, rows.kernels.size());
    EXPECT_EQ(counts.copies, rows.copies.size());
    EXPECT_EQ(counts.memsets, rows.memsets.size());
    EXPECT_GT(counts.variants, 0u);
    EXPECT_EQ(test::readBytes(path), before);
}

TEST(TraceCommandTest, AnNsysExportsTimelineKeepsItsNvtxRanges) {
    ScratchDir dir;
    const auto path = dir.file("profile.sqlite");
    {
        test::NsysFixture fixture(path);
        const uint64_t thread = test::NsysFixture::globalTid(7, 8);
        for (int i = 0; i < 10; ++i) {
            fixture.pushPop(thread, i * 1000, i * 1000 + 900, "step");
            fixture.runtimeCall(thread, i * 1000 + 10, i * 1000 + 20, i + 1);
            fixture.kernel({.start = i * 1000 + 100,
                            .end = i * 1000 + 400,
                            .correlationId = i + 1,
                            .globalPid = test::NsysFixture::globalPid(7)});
        }
        fixture.finish();
    }
    const auto out = dir.file("profile.json");
    const test::CliResult result =
        test::runCostscope({u"--export-trace"_s, qpath(out), qpath(path), u"--run=1"_s});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const Counts counts = countsOf(out);
    EXPECT_EQ(counts.kernels, 10u);
    EXPECT_EQ(counts.ranges, 10u);
    EXPECT_EQ(counts.variants, 0u);  // an export's variants are its ranges
}

TEST(TraceCommandTest, BadInputIsRefusedAndNothingWritten) {
    ScratchDir dir;
    const auto text = dir.file("notes.sqlite");
    test::writeBytes(text, "not a database");
    const auto recording = dir.file("run.sqlite");
    test::writeFixtureRun(recording);
    const auto out = dir.file("trace.json");
    const struct {
        QStringList arguments;
        QString words;
    } cases[] = {
        {{u"--export-trace"_s, qpath(out), qpath(text)}, qpath(text)},
        {{u"--export-trace"_s, qpath(out), qpath(recording), u"--run"_s, u"99"_s}, u"no run 99"_s},
        {{u"--export-trace"_s, qpath(out), qpath(recording), u"--run"_s, u"x"_s}, u"--run"_s},
        {{u"--export-trace"_s, qpath(dir.file("gone/trace.json")), qpath(recording)},
         u"does not exist"_s},
        {{u"--export-trace"_s, qpath(recording), qpath(recording)}, u"its own input"_s},
        {{u"--export-trace"_s, qpath(out)}, u"Name one recording"_s},
        {{u"--export-trace"_s, qpath(out), qpath(recording), u"--bogus"_s}, u"--bogus"_s},
    };
    const std::string before = test::readBytes(recording);
    for (const auto& [arguments, words] : cases) {
        const test::CliResult result = test::runCostscope(arguments);
        EXPECT_FALSE(result.crashed);
        EXPECT_EQ(result.exitCode, 2) << arguments.join(u' ').toStdString();
        EXPECT_TRUE(result.err.startsWith(u"costscope: "_s)) << result.err.toStdString();
        EXPECT_TRUE(result.err.contains(words)) << result.err.toStdString();
        EXPECT_FALSE(std::filesystem::exists(out));
    }
    EXPECT_EQ(test::readBytes(recording), before);
}

}  // namespace
}  // namespace costscope
