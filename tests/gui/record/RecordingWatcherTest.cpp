// RecordingWatcher against the real writer: a SqliteStore appending variants while it watches.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <filesystem>
#include <memory>

#include "app/record/RecordingWatcher.h"
#include "profiler/store/SqliteStore.h"
#include "tests/gui/support/FixtureRecording.h"

namespace costscope {
namespace {

using namespace Qt::StringLiterals;
using test::ScratchDir;

constexpr int kIntervalMs = 50;

QString qpath(const std::filesystem::path& path) {
    return QString::fromStdString(path.string());
}

VariantRecord skippedVariant(int index) {
    VariantRecord record;
    record.spec = VariantSpec{.family = "gemm",
                              .device = "gpu",
                              .backend = "cublas",
                              .precision = "fp32",
                              .structure = "dense",
                              .m = 64 + index,
                              .n = 64,
                              .k = 64};
    record.status = VariantStatus::Skipped;
    record.reason = "no CUDA-capable device is detected";
    return record;
}

std::unique_ptr<SqliteStore> openRecording(const std::filesystem::path& path) {
    auto store = std::make_unique<SqliteStore>(path);
    store->beginRun(RunInfo{.suite = "watched", .commandLine = "test", .version = "test"});
    return store;
}

struct Stat {
    int64_t size = -1;
    int64_t mtimeNs = -1;
    bool operator==(const Stat&) const = default;
};

Stat statOf(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return {};
    }
    return {info.st_size, int64_t(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec};
}

TEST(RecordingWatcherTest, AVariantCommittedByTheWriterIsReportedOnce) {
    ScratchDir dir;
    const auto path = dir.file("live.sqlite");
    auto store = openRecording(path);

    RecordingWatcher watcher;
    watcher.setInterval(kIntervalMs);
    watcher.watch(qpath(path));
    QSignalSpy changed(&watcher, &RecordingWatcher::changed);
    QTest::qWait(5 * kIntervalMs);
    EXPECT_EQ(changed.count(), 0) << "nothing was written";

    const Stat mainBefore = statOf(path);
    store->addVariant(skippedVariant(0));
    // Why the -wal file is watched: in WAL mode the commit did not touch the main file.
    EXPECT_EQ(statOf(path), mainBefore);
    ASSERT_TRUE(changed.wait(3000));
    EXPECT_EQ(changed.takeFirst().at(0).toString(), qpath(path));
    QTest::qWait(5 * kIntervalMs);
    EXPECT_EQ(changed.count(), 0) << "one commit, one signal";

    store->addVariant(skippedVariant(1));
    ASSERT_TRUE(changed.wait(3000)) << "each later commit is reported too";
}

TEST(RecordingWatcherTest, ABurstOfWritesIsReportedOnceItSettles) {
    ScratchDir dir;
    const auto path = dir.file("burst.sqlite");
    auto store = openRecording(path);
    RecordingWatcher watcher;
    watcher.setInterval(100);
    watcher.watch(qpath(path));
    QSignalSpy changed(&watcher, &RecordingWatcher::changed);

    // Ten commits 20 ms apart: far more often than the watcher looks.
    constexpr int kWrites = 10;
    int written = 0;
    QTimer writer;
    writer.setInterval(20);
    QObject::connect(&writer, &QTimer::timeout, [&] {
        store->addVariant(skippedVariant(written));
        if (++written == kWrites) {
            writer.stop();
        }
    });
    writer.start();
    QElapsedTimer clock;
    clock.start();
    while (written < kWrites && clock.elapsed() < 5000) {
        QTest::qWait(10);
    }
    ASSERT_EQ(written, kWrites);
    QTest::qWait(600);
    EXPECT_GE(changed.count(), 1);
    // Debounced: on a busy machine a gap may split the burst, never into one signal per commit.
    EXPECT_LE(changed.count(), 3) << "the watcher did not wait for the writes to settle";
}

TEST(RecordingWatcherTest, ContinuousWritesStillRefreshWithinTheMaximumDelay) {
    ScratchDir dir;
    const auto path = dir.file("steady.sqlite");
    auto store = openRecording(path);
    RecordingWatcher watcher;
    watcher.setInterval(100);
    watcher.setMaxDelay(300);
    watcher.watch(qpath(path));
    QSignalSpy changed(&watcher, &RecordingWatcher::changed);

    int written = 0;
    QTimer writer;
    writer.setInterval(20);
    QObject::connect(&writer, &QTimer::timeout,
                     [&] { store->addVariant(skippedVariant(written++)); });
    writer.start();
    QElapsedTimer clock;
    clock.start();
    ASSERT_TRUE(changed.wait(2000)) << "writes never paused, and the window was never told";
    EXPECT_LT(clock.elapsed(), 1500);
    writer.stop();
    EXPECT_GT(written, 5);
}

TEST(RecordingWatcherTest, AFileCreatedAfterWatchingBeganAndTheWritersEndAreReported) {
    ScratchDir dir;
    const auto path = dir.file("later.sqlite");
    RecordingWatcher watcher;
    watcher.setInterval(kIntervalMs);
    watcher.watch(qpath(path));
    EXPECT_TRUE(watcher.isWatching(qpath(path)));
    QSignalSpy changed(&watcher, &RecordingWatcher::changed);

    auto store = openRecording(path);
    ASSERT_TRUE(changed.wait(3000)) << "the file appeared";
    changed.clear();
    QTest::qWait(4 * kIntervalMs);
    changed.clear();

    // The writer's end folds the -wal file back into the main file: the last state to show.
    store.reset();
    EXPECT_FALSE(std::filesystem::exists(qpath(path).toStdString() + "-wal"));
    ASSERT_TRUE(changed.wait(3000));
}

TEST(RecordingWatcherTest, UnwatchedFilesAreNotReported) {
    ScratchDir dir;
    const auto path = dir.file("gone.sqlite");
    auto store = openRecording(path);
    RecordingWatcher watcher;
    watcher.setInterval(kIntervalMs);
    watcher.watch(qpath(path));
    watcher.unwatch(qpath(path));
    EXPECT_TRUE(watcher.watched().isEmpty());
    QSignalSpy changed(&watcher, &RecordingWatcher::changed);
    store->addVariant(skippedVariant(0));
    QTest::qWait(6 * kIntervalMs);
    EXPECT_EQ(changed.count(), 0);
}

}  // namespace
}  // namespace costscope
