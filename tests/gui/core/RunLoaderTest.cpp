// The core the GUI reads through: synchronous loading, the off-thread facade, its failures.
#include <gtest/gtest.h>

#include <QSignalSpy>
#include <fstream>

#include "app/core/RecordingLoader.h"
#include "app/core/RunLoader.h"
#include "tests/gui/support/FixtureRecording.h"

namespace costscope {
namespace {

using test::FixtureOptions;
using test::ScratchDir;
using test::writeFixtureRun;

TEST(RunLoaderTest, ReadsEveryVariantSampleAndKernelOfARun) {
    ScratchDir dir;
    const auto path = dir.file("two.sqlite");
    writeFixtureRun(path, {.seed = 1});
    const int64_t second = writeFixtureRun(path, {.timeScale = 0.8, .seed = 2});

    const FileData file = loadFile(path);
    ASSERT_EQ(file.runs.size(), 2u);
    EXPECT_EQ(newestRunId(file), second);
    EXPECT_EQ(file.devices.at(second).size(), 2u);

    const RunData run = loadRun(path, second);
    EXPECT_EQ(run.run.id, second);
    EXPECT_GT(run.variants.size(), 25u);
    EXPECT_TRUE(run.hasGpuActivity());
    EXPECT_FALSE(run.kernels.empty());
    for (const VariantSummaryRow& variant : run.variants) {
        if (variant.status == VariantStatus::Ok) {
            EXPECT_EQ(run.samples.at(variant.variantId).size(), 15u) << variant.name;
        }
    }
    EXPECT_NE(run.variantByName("gemm/fp32/openblas/cpu/1024x1024x1024"), nullptr);
    EXPECT_NE(run.device("gpu"), nullptr);
    EXPECT_TRUE(run.label().contains(QStringLiteral("fixture #2")));
}

TEST(RunLoaderTest, CpuOnlyRunHasNoGpuActivity) {
    ScratchDir dir;
    const auto path = dir.file("cpu.sqlite");
    const int64_t id = writeFixtureRun(path, {.withGpu = false});
    const RunData run = loadRun(path, id);
    EXPECT_FALSE(run.hasGpuActivity());
    EXPECT_EQ(run.device("gpu"), nullptr);
}

TEST(RunLoaderTest, MissingRunNamesTheFile) {
    ScratchDir dir;
    const auto path = dir.file("one.sqlite");
    writeFixtureRun(path);
    try {
        loadRun(path, 99);
        FAIL() << "no error";
    } catch (const std::exception& error) {
        EXPECT_NE(std::string(error.what()).find("has no run 99"), std::string::npos);
        EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos);
    }
}

TEST(RecordingLoaderTest, DeliversRunsOffTheGuiThreadAndFailuresAsText) {
    ScratchDir dir;
    const auto good = dir.file("good.sqlite");
    const int64_t id = writeFixtureRun(good);
    const auto bad = dir.file("bad.sqlite");
    std::ofstream(bad) << "this is not a database, just text";

    RecordingLoader loader;
    QSignalSpy opened(&loader, &RecordingLoader::fileOpened);
    QSignalSpy loaded(&loader, &RecordingLoader::runLoaded);
    QSignalSpy failed(&loader, &RecordingLoader::failed);
    QSignalSpy idle(&loader, &RecordingLoader::idle);
    loader.openFile(QString::fromStdString(good.string()));
    loader.loadRun(QString::fromStdString(good.string()), id);
    loader.openFile(QString::fromStdString(bad.string()));
    ASSERT_TRUE(idle.wait(10'000));
    EXPECT_EQ(loader.pending(), 0);
    ASSERT_EQ(opened.size(), 1);
    ASSERT_EQ(loaded.size(), 1);
    EXPECT_EQ(loaded.at(0).at(0).value<RunDataPtr>()->run.id, id);
    ASSERT_EQ(failed.size(), 1);
    const QString message = failed.at(0).at(1).toString();
    EXPECT_TRUE(message.contains(QString::fromStdString(bad.string()))) << message.toStdString();
}

}  // namespace
}  // namespace costscope
