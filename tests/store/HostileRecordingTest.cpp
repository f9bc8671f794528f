// A recording whose views, triggers and tables were rewritten to act (never end, load a shared
// library, write to the file): reading it runs none of that, changes no byte of it and reads what
// an untouched copy holds, or refuses it; every connection distrusts the file it opens.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>

#include "StoreTestSupport.h"
#include "profiler/store/Recording.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/SqliteStore.h"
#include "profiler/store/StoreError.h"
#include "tests/support/HostileRecording.h"
#include "tests/support/Watchdog.h"

namespace costscope {
namespace {

using namespace std::chrono_literals;
using test::Hostility;
using test::TempDir;

// A run with a CPU variant, a pruned one (so pruning_crossover has a row), a GPU variant with
// its kernels, copies and memory, and a skipped variant.
void writeRecording(const std::filesystem::path& file) {
    SqliteStore store(file);
    store.beginRun(test::sampleRun());
    store.addVariant(test::okVariant(64, 64, 64));
    VariantRecord pruned = test::okVariant(64, 64, 64);
    pruned.spec.family = "pruned";
    pruned.spec.structure = "csr";
    pruned.spec.sparsity = 0.9;
    store.addVariant(pruned);
    store.addVariant(test::gpuVariant(test::sampleActivity(1)));
    store.addVariant(test::skippedVariant());
    store.endRun(RunStatus::Complete, "");
}

// What a Recording reads of every run, as text: the same for two files that hold the same rows.
std::string everythingIn(const Recording& recording) {
    std::ostringstream out;
    for (const RunRow& run : recording.runs()) {
        out << "run " << run.id << ' ' << run.info.suite << ' ' << toString(run.state) << ' '
            << run.info.warnings.size() << '\n';
        for (const DeviceRow& device : recording.devices(run.id)) {
            out << "device " << device.info.kind << ' ' << device.info.name << '\n';
        }
        for (const VariantSummaryRow& variant : recording.variantSummary(run.id)) {
            const ActivityBatch activity = recording.variantActivity(variant.variantId);
            out << "variant " << variant.name << ' ' << variant.medianMs.value_or(-1) << ' '
                << variant.deviceMedianMs.value_or(-1) << ' ' << variant.reason << ' '
                << recording.samples(variant.variantId).size() << ' '
                << recording.kernelCount(variant.variantId) << ' ' << activity.rows() << '\n';
        }
        for (const CrossoverRow& row : recording.pruningCrossover(run.id)) {
            out << "crossover " << row.backend << ' ' << row.m << ' ' << row.denseMs << ' '
                << row.slowerUpTo.value_or(-1) << '\n';
        }
        for (const KernelSummaryRow& kernel : recording.kernelSummary(run.id)) {
            out << "kernel " << kernel.name << ' ' << kernel.instances << ' ' << kernel.totalNs
                << '\n';
        }
        const TimelineRows timeline = recording.timeline(run.id);
        out << "timeline " << timeline.kernels.size() << ' ' << timeline.copies.size() << ' '
            << timeline.memory.size() << '\n';
        out << "outside variants " << recording.runActivity(run.id).rows() << '\n';
    }
    return out.str();
}

// Reads `file` whole through Recording, which must end in time.
std::string readWhole(const std::filesystem::path& file) {
    const test::Watchdog watchdog(60s, "reading " + file.string());
    const Recording recording(file);
    return everythingIn(recording);
}

TEST(HostileRecordingTest, EveryConnectionDistrustsTheFile) {
    TempDir dir;
    const auto file = dir.file("run.costscope");
    writeRecording(file);
    const auto setting = [](const SqliteConnection& db, int option) {
        int value = -1;
        EXPECT_EQ(sqlite3_db_config(db.handle(), option, -1, &value), SQLITE_OK);
        return value;
    };
    for (const int flags : {SQLITE_OPEN_READONLY, SQLITE_OPEN_READWRITE}) {
        SCOPED_TRACE(flags == SQLITE_OPEN_READONLY ? "read-only" : "read-write");
        const SqliteConnection db(file.string(), flags);
        EXPECT_EQ(setting(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA), 0);
        EXPECT_EQ(setting(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION), 0);
        EXPECT_EQ(setting(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER), 0);
        EXPECT_EQ(setting(db, SQLITE_DBCONFIG_DEFENSIVE), 1);
        // The file's views and triggers: off where recordings are read.
        const int fileSql = flags == SQLITE_OPEN_READONLY ? 0 : 1;
        EXPECT_EQ(setting(db, SQLITE_DBCONFIG_ENABLE_VIEW), fileSql);
        EXPECT_EQ(setting(db, SQLITE_DBCONFIG_ENABLE_TRIGGER), fileSql);
    }
}

// The control: the hostile file does act where SQLite is let run it, so the tests below that
// find nothing run mean something.
TEST(HostileRecordingTest, TheHostileFileActsWhereSqliteRunsIt) {
    TempDir dir;
    const auto file = dir.file("hostile.costscope");
    writeRecording(file);
    test::makeHostile(file, Hostility::Views);
    const auto marker = test::armMarker(dir.path());

    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    const auto exec = [db](const char* sql) {
        return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    };
    // Its variant_summary never ends: stopped after half a second by the progress handler.
    using Clock = std::chrono::steady_clock;
    Clock::time_point deadline = Clock::now() + 500ms;
    sqlite3_progress_handler(
        db, 10'000,
        [](void* until) { return Clock::now() > *static_cast<Clock::time_point*>(until) ? 1 : 0; },
        &deadline);
    EXPECT_EQ(exec("SELECT * FROM variant_summary"), SQLITE_INTERRUPT);
    sqlite3_progress_handler(db, 0, nullptr, nullptr);
    // Its kernel view counts every kernel twice.
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM CUPTI_ACTIVITY_KIND_KERNEL"),
              2 * test::rawQueryInt(file, "SELECT count(*) FROM kernel_launches"));
    // Its kernel_summary calls load_extension(), which SQLite refuses in a view even where
    // extension loading is on; from SQL of one's own, the library loads and leaves its marker.
    ASSERT_EQ(sqlite3_enable_load_extension(db, 1), SQLITE_OK);
    EXPECT_EQ(exec("SELECT * FROM kernel_summary"), SQLITE_ERROR);
    EXPECT_STREQ(sqlite3_errmsg(db), "unsafe use of load_extension()");
    EXPECT_FALSE(std::filesystem::exists(marker));
    const std::string load = "SELECT load_extension('" + test::hostileExtension().string() + "')";
    EXPECT_EQ(exec(load.c_str()), SQLITE_OK) << sqlite3_errmsg(db);
    EXPECT_TRUE(std::filesystem::exists(marker));
    // Its triggers write to the file.
    EXPECT_EQ(exec("UPDATE runs SET note = 'x'"), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM hostile_writes"), 1);
}

TEST(HostileRecordingTest, ReadingRunsNoneOfTheFilesViewsOrTriggers) {
    TempDir dir;
    const auto clean = dir.file("clean.costscope");
    writeRecording(clean);
    const auto file = dir.file("hostile.costscope");
    std::filesystem::copy_file(clean, file);
    test::makeHostile(file, Hostility::Views);
    const auto marker = test::armMarker(dir.path());
    const std::string before = test::readBytes(file);
    const auto entries = dir.entries();

    const std::string expected = readWhole(clean);
    ASSERT_NE(expected.find("crossover "), std::string::npos) << expected;
    ASSERT_NE(expected.find("kernel "), std::string::npos) << expected;
    EXPECT_EQ(readWhole(file), expected) << "the file's own views were read";

    EXPECT_FALSE(std::filesystem::exists(marker)) << "the hostile extension was loaded";
    EXPECT_EQ(test::readBytes(file), before) << "the file was modified";
    EXPECT_EQ(dir.entries(), entries);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM hostile_writes"), 0);
}

TEST(HostileRecordingTest, AViewInPlaceOfATableIsRefusedUnchanged) {
    TempDir dir;
    const auto file = dir.file("hostile.costscope");
    writeRecording(file);
    test::makeHostile(file, Hostility::ViewForTable);
    const std::string before = test::readBytes(file);
    const auto entries = dir.entries();
    for (const bool reader : {true, false}) {
        SCOPED_TRACE(reader ? "reader" : "writer");
        const test::Watchdog watchdog(60s, "opening " + file.string());
        try {
            if (reader) {
                readWhole(file);
            } else {
                SqliteStore store(file);
            }
            ADD_FAILURE() << "opened a file with a view in place of run_warnings";
        } catch (const NotARecording& error) {
            const std::string message = error.what();
            EXPECT_NE(message.find(file.string()), std::string::npos) << message;
            EXPECT_NE(message.find("its run_warnings is a view, not costscope's table"),
                      std::string::npos)
                << message;
            EXPECT_NE(message.find("left it unchanged"), std::string::npos) << message;
        }
    }
    EXPECT_EQ(test::readBytes(file), before);
    EXPECT_EQ(dir.entries(), entries);
}

TEST(HostileRecordingTest, AppendingRefusesAFileWithTriggersAndReadingIgnoresThem) {
    // The triggers write to the file on every insert into runs, devices, variants and samples:
    // the recorder would set them off with its first row. It refuses; readers read as usual.
    TempDir dir;
    const auto clean = dir.file("clean.costscope");
    writeRecording(clean);
    const auto file = dir.file("hostile.costscope");
    std::filesystem::copy_file(clean, file);
    test::rawExec(
        file,
        "CREATE TABLE hostile_writes (what TEXT);"
        "CREATE TRIGGER hostile_runs AFTER INSERT ON runs BEGIN "
        "DELETE FROM samples; INSERT INTO hostile_writes VALUES ('insert on runs'); END;");
    const std::string before = test::readBytes(file);
    const auto entries = dir.entries();
    try {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
        ADD_FAILURE() << "appended to a file holding a trigger";
    } catch (const NotARecording& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(file.string()), std::string::npos) << message;
        EXPECT_NE(message.find("a trigger, 'hostile_runs' on runs"), std::string::npos) << message;
        EXPECT_NE(message.find("choose another --out FILE"), std::string::npos) << message;
    }
    EXPECT_EQ(test::readBytes(file), before);
    EXPECT_EQ(dir.entries(), entries);
    EXPECT_EQ(readWhole(file), readWhole(clean));
}

TEST(HostileRecordingTest, AVirtualTableInPlaceOfATableIsRefused) {
    TempDir dir;
    const auto file = dir.file("hostile.costscope");
    writeRecording(file);
    test::rawExec(file,
                  "DROP TABLE run_warnings;"
                  "CREATE VIRTUAL TABLE run_warnings USING fts4(run_id, kind, message);");
    const std::string before = test::readBytes(file);
    try {
        readWhole(file);
        ADD_FAILURE() << "opened a file with a virtual table in place of run_warnings";
    } catch (const NotARecording& error) {
        EXPECT_NE(std::string(error.what()).find("its run_warnings is a virtual table"),
                  std::string::npos)
            << error.what();
    }
    EXPECT_EQ(test::readBytes(file), before);
}

}  // namespace
}  // namespace costscope
