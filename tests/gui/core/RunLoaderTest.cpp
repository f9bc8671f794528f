// The core the GUI reads through: synchronous loading, the off-thread facade, its failures.
#include <gtest/gtest.h>

#include <QCryptographicHash>
#include <QSignalSpy>
#include <chrono>
#include <fstream>

#include "app/core/RecordingLoader.h"
#include "app/core/RunLoader.h"
#include "tests/gui/support/FixtureRecording.h"
#include "tests/support/HostileRecording.h"
#include "tests/support/Watchdog.h"

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

QByteArray sha256(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes(std::istreambuf_iterator<char>(in), {});
    return QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Sha256);
}

// What the GUI shows of a run, as text: the same for two files that hold the same rows.
std::string shownOf(const RunData& run) {
    std::string text;
    for (const VariantSummaryRow& variant : run.variants) {
        text += variant.name + " " + std::to_string(variant.medianMs.value_or(-1)) + " " +
                std::to_string(run.samples.count(variant.variantId) != 0
                                   ? run.samples.at(variant.variantId).size()
                                   : 0) +
                "\n";
    }
    for (const KernelSummaryRow& kernel : run.kernels) {
        text += kernel.name + " " + std::to_string(kernel.instances) + " " +
                std::to_string(kernel.totalNs) + "\n";
    }
    for (const CrossoverRow& row : run.crossover) {
        text += row.backend + " " + std::to_string(row.denseMs) + "\n";
    }
    return text;
}

// A recording whose views and triggers were rewritten to act, opened as the GUI opens it: what
// it shows is the untouched copy's, nothing in the file runs, no byte of it changes.
TEST(RecordingLoaderTest, AHostileRecordingRunsNothing) {
    using namespace std::chrono_literals;
    ScratchDir dir;
    const auto clean = dir.file("clean.sqlite");
    const int64_t id = writeFixtureRun(clean);
    const auto file = dir.file("hostile.sqlite");
    std::filesystem::copy_file(clean, file);
    test::makeHostile(file, test::Hostility::Views);
    const auto marker = test::armMarker(dir.path());
    const QByteArray before = sha256(file);
    const std::string expected = shownOf(loadRun(clean, id));
    ASSERT_FALSE(expected.empty());

    // A loader thread stuck in a view that never ends would hang the process at its exit: the
    // watchdog ends it first (the spy waits longer).
    const test::Watchdog watchdog(60s, "loading " + file.string());
    RecordingLoader loader;
    QSignalSpy opened(&loader, &RecordingLoader::fileOpened);
    QSignalSpy loaded(&loader, &RecordingLoader::runLoaded);
    QSignalSpy failed(&loader, &RecordingLoader::failed);
    QSignalSpy idle(&loader, &RecordingLoader::idle);
    loader.openFile(QString::fromStdString(file.string()));
    loader.loadRun(QString::fromStdString(file.string()), id);
    ASSERT_TRUE(idle.wait(90'000));
    ASSERT_TRUE(failed.isEmpty()) << failed.at(0).at(1).toString().toStdString();
    ASSERT_EQ(opened.size(), 1);
    EXPECT_EQ(opened.at(0).at(0).value<FileDataPtr>()->runs.size(), 1u);
    ASSERT_EQ(loaded.size(), 1);
    EXPECT_EQ(shownOf(*loaded.at(0).at(0).value<RunDataPtr>()), expected);

    EXPECT_EQ(sha256(file), before) << "the file was modified";
    EXPECT_FALSE(std::filesystem::exists(marker)) << "the hostile extension was loaded";
}

TEST(RecordingLoaderTest, AViewInPlaceOfATableFailsAsText) {
    using namespace std::chrono_literals;
    ScratchDir dir;
    const auto file = dir.file("hostile.sqlite");
    writeFixtureRun(file);
    test::makeHostile(file, test::Hostility::ViewForTable);
    const QByteArray before = sha256(file);

    const test::Watchdog watchdog(60s, "loading " + file.string());
    RecordingLoader loader;
    QSignalSpy failed(&loader, &RecordingLoader::failed);
    QSignalSpy idle(&loader, &RecordingLoader::idle);
    loader.openFile(QString::fromStdString(file.string()));
    ASSERT_TRUE(idle.wait(90'000));
    ASSERT_EQ(failed.size(), 1);
    const QString message = failed.at(0).at(1).toString();
    EXPECT_TRUE(message.contains(QString::fromStdString(file.string()))) << message.toStdString();
    EXPECT_TRUE(message.contains(QStringLiteral("is a view, not costscope's table")))
        << message.toStdString();
    EXPECT_EQ(sha256(file), before);
}

}  // namespace
}  // namespace costscope
