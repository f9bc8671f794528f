// The Record dialog's plain parts: the recorder's command line, file names, finding the recorder.
#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>

#include "app/record/RecorderCommand.h"
#include "tests/gui/support/FixtureRecording.h"

namespace costscope {
namespace {

using namespace Qt::StringLiterals;
using test::ScratchDir;

QString qpath(const std::filesystem::path& path) {
    return QString::fromStdString(path.string());
}

TEST(RecorderCommandTest, ArgumentsCarryEveryFieldAndAskForMachineProgress) {
    RecorderCommand command;
    command.suite = u"standard"_s;
    command.devices = RecorderCommand::Devices::Cpu;
    command.only = u"pruned/*"_s;
    command.output = u"/tmp/out dir/standard.sqlite"_s;
    EXPECT_EQ(command.arguments(),
              (QStringList{u"--suite"_s, u"standard"_s, u"--out"_s,
                           u"/tmp/out dir/standard.sqlite"_s, u"--devices"_s, u"cpu"_s, u"--only"_s,
                           u"pruned/*"_s, u"--progress"_s, u"machine"_s}));
}

TEST(RecorderCommandTest, NoFilterMeansNoOnlyOptionAndDevicesMapToTheRecordersList) {
    RecorderCommand command;
    command.suite = u"/home/a/my suite.json"_s;
    command.output = u"x.sqlite"_s;
    EXPECT_FALSE(command.arguments().contains(u"--only"_s));
    EXPECT_EQ(command.arguments().at(command.arguments().indexOf(u"--devices"_s) + 1),
              u"cpu,gpu"_s);
    command.devices = RecorderCommand::Devices::Gpu;
    EXPECT_EQ(command.arguments().at(command.arguments().indexOf(u"--devices"_s) + 1), u"gpu"_s);
    EXPECT_EQ(command.arguments().at(1), u"/home/a/my suite.json"_s);
}

TEST(RecorderCommandTest, SuiteNamesAreBuiltInNamesOrTheFilesStem) {
    EXPECT_EQ(RecorderCommand::builtinSuites(),
              (QStringList{u"quick"_s, u"standard"_s, u"full"_s}));
    EXPECT_EQ(RecorderCommand::suiteName(u"quick"_s), u"quick"_s);
    EXPECT_EQ(RecorderCommand::suiteName(u"/x/attention.json"_s), u"attention"_s);
}

TEST(RecorderCommandTest, DefaultOutputIsNamedLikeTheRecordersAndNeverAnExistingFile) {
    ScratchDir dir;
    const QString folder = qpath(dir.path());
    const QDateTime when(QDate(2026, 11, 24), QTime(9, 14, 37));
    const QString first = RecorderCommand::defaultOutput(folder, u"quick"_s, when);
    EXPECT_EQ(first, QDir(folder).filePath(u"quick-20261124-091437.sqlite"_s));
    QFile(first).open(QIODevice::WriteOnly);
    EXPECT_EQ(RecorderCommand::defaultOutput(folder, u"quick"_s, when),
              QDir(folder).filePath(u"quick-20261124-091437-2.sqlite"_s));
    EXPECT_EQ(RecorderCommand::defaultOutput(folder, u"/s/attention.json"_s, when),
              QDir(folder).filePath(u"attention-20261124-091437.sqlite"_s));
}

TEST(RecorderCommandTest, RecordingsGoUnderTheWorkingDirectoryWhenItIsWritable) {
    ScratchDir dir;
    const QString before = QDir::currentPath();
    const auto restore = qScopeGuard([&] { QDir::setCurrent(before); });
    ASSERT_TRUE(QDir::setCurrent(qpath(dir.path())));
    EXPECT_EQ(RecorderCommand::recordingsDirectory(),
              QDir(qpath(dir.path())).filePath(u"recordings"_s));
}

TEST(RecorderCommandTest, FindsTheRecorderBesideTheAppThenOnPathThenInTheBuild) {
    ScratchDir dir;
    const QString beside = qpath(dir.path() / "app");
    const QString build = qpath(dir.path() / "build" / "costscope-record");
    QDir().mkpath(beside);
    QDir().mkpath(QFileInfo(build).absolutePath());
    auto makeExecutable = [](const QString& path) {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\n");
        file.close();
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                            QFileDevice::ExeOwner);
    };
    const QByteArray path = qgetenv("PATH");
    const auto restore = qScopeGuard([&] { qputenv("PATH", path); });
    qputenv("PATH", QFile::encodeName(qpath(dir.path() / "nothing-here")));

    EXPECT_EQ(RecorderCommand::findRecorder(beside, build), QString()) << "nothing exists yet";
    makeExecutable(build);
    EXPECT_EQ(RecorderCommand::findRecorder(beside, build), build);
    const QString onPath = qpath(dir.path() / "bin" / "costscope-record");
    QDir().mkpath(QFileInfo(onPath).absolutePath());
    makeExecutable(onPath);
    qputenv("PATH", QFile::encodeName(QFileInfo(onPath).absolutePath()));
    EXPECT_EQ(RecorderCommand::findRecorder(beside, build), onPath);
    makeExecutable(QDir(beside).filePath(u"costscope-record"_s));
    EXPECT_EQ(RecorderCommand::findRecorder(beside, build),
              QDir(beside).filePath(u"costscope-record"_s));
}

TEST(RecorderCommandTest, ThisBuildsRecorderIsFound) {
    // Neither beside the test nor (normally) on PATH: the build path the app was compiled with.
    const QString found = RecorderCommand::findRecorder();
    ASSERT_FALSE(found.isEmpty());
    EXPECT_TRUE(QFileInfo(found).isExecutable()) << found.toStdString();
    EXPECT_EQ(QFileInfo(found).fileName(), u"costscope-record"_s);
}

}  // namespace
}  // namespace costscope
