// Files that are not ours, or newer than us, are refused by writer and reader and left unchanged.
#include <gtest/gtest.h>

#include <functional>

#include "StoreTestSupport.h"
#include "profiler/store/Recording.h"
#include "profiler/store/RecordingFormat.h"
#include "profiler/store/SqliteStore.h"
#include "profiler/store/StoreError.h"

namespace costscope {
namespace {

using test::TempDir;

// Opens `file` both ways and expects `Error` each time, with the file name in the message, and
// the file's bytes and the directory's contents unchanged afterwards.
template <typename Error>
void expectRefusedAndUntouched(const TempDir& dir, const std::filesystem::path& file,
                               const std::string& expectedWords) {
    const std::string before = test::readBytes(file);
    const auto entriesBefore = dir.entries();
    const std::function<void()> openings[] = {
        [&] { SqliteStore store(file); },
        [&] { Recording recording(file); },
    };
    for (const auto& open : openings) {
        try {
            open();
            ADD_FAILURE() << "opened " << file;
        } catch (const Error& error) {
            const std::string message = error.what();
            EXPECT_NE(message.find(file.string()), std::string::npos) << message;
            EXPECT_NE(message.find(expectedWords), std::string::npos) << message;
        }
    }
    EXPECT_EQ(test::readBytes(file), before) << "the refused file was modified";
    EXPECT_EQ(dir.entries(), entriesBefore) << "files appeared beside the refused file";
}

TEST(RecordingRefusalTest, ATextFileIsNotARecording) {
    TempDir dir;
    const auto file = dir.file("notes.costscope");
    std::string text;
    for (int i = 0; i < 200; ++i) {
        text += "line " + std::to_string(i) + ": these are my notes, not a database\n";
    }
    test::writeBytes(file, text);
    expectRefusedAndUntouched<NotARecording>(dir, file, "not an SQLite database");
}

TEST(RecordingRefusalTest, AShortTextFileIsNotARecording) {
    TempDir dir;
    const auto file = dir.file("short.txt");
    test::writeBytes(file, "hello\n");
    expectRefusedAndUntouched<NotARecording>(dir, file, "not a costscope recording");
}

TEST(RecordingRefusalTest, AnotherProgramsSqliteFileIsNotARecording) {
    TempDir dir;
    const auto file = dir.file("contacts.db");
    test::rawExec(file,
                  "CREATE TABLE people (name TEXT, email TEXT);"
                  "INSERT INTO people VALUES ('Ada', 'ada@example.org');"
                  "CREATE TABLE runs (id INTEGER PRIMARY KEY);");  // a clash of names, too
    expectRefusedAndUntouched<NotARecording>(dir, file, "without costscope's marker");
}

TEST(RecordingRefusalTest, AForeignApplicationIdIsNotARecording) {
    TempDir dir;
    const auto file = dir.file("other.db");
    test::rawExec(file, "PRAGMA application_id = 1179406680; CREATE TABLE t (x);");
    expectRefusedAndUntouched<NotARecording>(dir, file, "application_id 0x464c5158");
}

TEST(RecordingRefusalTest, OurMarkerWithoutOurTablesIsNotARecording) {
    TempDir dir;
    const auto file = dir.file("forged.db");
    test::rawExec(file,
                  "PRAGMA application_id = 1129534544; PRAGMA user_version = 1;"
                  "CREATE TABLE t (x);");
    expectRefusedAndUntouched<NotARecording>(dir, file, "tables are missing");
}

TEST(RecordingRefusalTest, ANewerFormatIsRefusedWithWhatToDo) {
    TempDir dir;
    const auto file = dir.file("future.costscope");
    {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
        store.endRun(RunStatus::Complete, "");
    }
    const int64_t newer = RecordingFormat::kSchemaVersion + 1;
    test::rawExec(file, "PRAGMA user_version = " + std::to_string(newer));
    expectRefusedAndUntouched<NewerSchema>(dir, file, "Update costscope");
    try {
        Recording recording(file);
        ADD_FAILURE() << "read a newer format";
    } catch (const NewerSchema& error) {
        EXPECT_NE(std::string(error.what()).find("format " + std::to_string(newer)),
                  std::string::npos)
            << error.what();
    }
}

TEST(RecordingRefusalTest, AnEmptyFileIsNotARecordingForTheReader) {
    TempDir dir;
    const auto file = dir.file("empty.costscope");
    test::writeBytes(file, "");
    EXPECT_THROW(Recording recording(file), NotARecording);
    EXPECT_TRUE(test::readBytes(file).empty());
}

TEST(RecordingRefusalTest, AMissingFileIsAStoreErrorForTheReader) {
    TempDir dir;
    const auto file = dir.file("missing.costscope");
    try {
        Recording recording(file);
        FAIL() << "opened a file that does not exist";
    } catch (const NotARecording&) {
        FAIL() << "a missing file is not a foreign file";
    } catch (const StoreError& error) {
        EXPECT_NE(std::string(error.what()).find(file.string()), std::string::npos);
    }
    EXPECT_FALSE(std::filesystem::exists(file)) << "the reader created the file";
}

// The writer judges a file, then opens it for writing. A file put in its place in between must
// be judged again on the writing connection and refused before anything touches it.
class ReplacedBeforeWriteOpen : public ::testing::TestWithParam<bool> {};

TEST_P(ReplacedBeforeWriteOpen, AForeignFileSwappedInIsRefusedUnchanged) {
    const bool startsAsRecording = GetParam();
    TempDir dir;
    const auto file = dir.file("run.costscope");
    if (startsAsRecording) {
        SqliteStore store(file);  // judged through the read-only probe, and found ours
        store.beginRun(test::sampleRun());
        store.endRun(RunStatus::Complete, "");
    }  // else the store creates the file itself, empty
    const auto foreign = dir.file("contacts.db");
    test::rawExec(foreign,
                  "CREATE TABLE people (name TEXT);"
                  "INSERT INTO people VALUES ('Ada');");
    const std::string foreignBytes = test::readBytes(foreign);
    try {
        SqliteStore store(file, [&] { std::filesystem::rename(foreign, file); });
        FAIL() << "wrote into a file swapped in after the check";
    } catch (const NotARecording& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(file.string()), std::string::npos) << message;
        EXPECT_NE(message.find("without costscope's marker"), std::string::npos) << message;
    }
    EXPECT_EQ(test::readBytes(file), foreignBytes) << "the swapped-in file was modified";
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"run.costscope"})
        << "the swapped-in file was removed, or files appeared beside it";
    EXPECT_EQ(test::rawQueryText(file, "PRAGMA journal_mode"), "delete");
}

TEST_P(ReplacedBeforeWriteOpen, ATextFileSwappedInIsRefusedUnchanged) {
    const bool startsAsRecording = GetParam();
    TempDir dir;
    const auto file = dir.file("run.costscope");
    if (startsAsRecording) {
        SqliteStore store(file);
    }
    const std::string text(3000, 'x');
    try {
        SqliteStore store(file, [&] {
            std::filesystem::remove(file);
            test::writeBytes(file, text);
        });
        FAIL() << "wrote into a file swapped in after the check";
    } catch (const NotARecording& error) {
        EXPECT_NE(std::string(error.what()).find("not an SQLite database"), std::string::npos)
            << error.what();
    }
    EXPECT_EQ(test::readBytes(file), text);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"run.costscope"});
}

INSTANTIATE_TEST_SUITE_P(RecordingRefusalTest, ReplacedBeforeWriteOpen, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& param) {
                             return param.param ? "ExistingRecording" : "NewFile";
                         });

TEST(RecordingRefusalTest, AMissingFileSaysHowToRecordOne) {
    TempDir dir;
    const auto file = dir.file("missing.costscope");
    try {
        Recording recording(file);
        FAIL() << "opened a file that does not exist";
    } catch (const StoreError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("no such file"), std::string::npos) << message;
        EXPECT_NE(message.find("Check the path"), std::string::npos) << message;
        EXPECT_NE(message.find("costscope-record --out '" + file.string() + "'"), std::string::npos)
            << message;
    }
}

TEST(RecordingRefusalTest, ADirectoryIsNotARecordingForTheReader) {
    TempDir dir;
    try {
        Recording recording(dir.path());
        FAIL() << "opened a directory";
    } catch (const NotARecording& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(dir.path().string()), std::string::npos) << message;
        EXPECT_NE(message.find("it is a directory"), std::string::npos) << message;
        EXPECT_NE(message.find("costscope-record"), std::string::npos) << message;
    }
}

TEST(RecordingRefusalTest, ReadingARecordingChangesNothing) {
    TempDir dir;
    const auto file = dir.file("done.costscope");
    {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
        store.addVariant(test::okVariant(64, 64, 64));
        store.endRun(RunStatus::Complete, "");
    }
    const std::string before = test::readBytes(file);
    {
        Recording recording(file);
        const auto runs = recording.runs();
        ASSERT_EQ(runs.size(), 1u);
        const auto rows = recording.variantSummary(runs[0].id);
        ASSERT_EQ(rows.size(), 1u);
        EXPECT_EQ(recording.samples(rows[0].variantId).size(), 12u);
        recording.devices(runs[0].id);
    }
    EXPECT_EQ(test::readBytes(file), before);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"done.costscope"});
}

}  // namespace
}  // namespace costscope
