// The Record dialog driving the real costscope-record: fields, progress, Cancel, failures.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/record/RecordDialog.h"
#include "profiler/store/Recording.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

// Two CPU GEMMs of a few microseconds: recorded in about a second (most of it the ceilings).
constexpr const char* kTinySuite = R"({
  "name": "tiny",
  "measure": { "warmup": 1, "min_iterations": 3, "min_time": 0.01 },
  "workloads": [
    { "family": "gemm", "precisions": ["fp32"], "devices": ["cpu", "gpu"], "sizes": [[33, 17, 65]] }
  ]
})";

// Twelve variants of at least 0.4 s each: Cancel lands in the middle.
constexpr const char* kSlowSuite = R"({
  "name": "slow",
  "measure": { "warmup": 1, "min_iterations": 3, "min_time": 0.4 },
  "workloads": [
    { "family": "gemm", "precisions": ["fp32"], "devices": ["cpu"],
      "sizes": [64, 96, 128, 160, 192, 224] }
  ]
})";

constexpr int kRecordTimeoutMs = 25000;

}  // namespace

class RecordDialogTest : public QObject {
    Q_OBJECT

  private:
    QString writeSuite(const QString& name, const char* text) {
        const QString path = dir_.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            qFatal("cannot write %s", qPrintable(path));
        }
        file.write(text);
        return path;
    }
    // A dialog that runs this build's recorder, not whatever findRecorder() would pick.
    static void useThisBuildsRecorder(RecordDialog& dialog) {
        dialog.setRecorderPath(QString::fromUtf8(COSTSCOPE_RECORD_EXE));
    }

    QTemporaryDir dir_;

  private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void fieldsBecomeTheRecorderCommandLine() {
        RecordDialog dialog;
        const QString suite = writeSuite(u"tiny.json"_s, kTinySuite);
        RecorderCommand wanted;
        wanted.suite = suite;
        dialog.setCommand(wanted);

        auto* devices = dialog.findChild<QComboBox*>(u"devices"_s);
        auto* only = dialog.findChild<QLineEdit*>(u"only"_s);
        auto* output = dialog.findChild<QLineEdit*>(u"output"_s);
        QVERIFY(devices && only && output);
        devices->setCurrentIndex(devices->findText(u"CPU only"_s));
        QTest::keyClicks(only, u"gemm/fp32/*"_s);
        output->selectAll();
        QTest::keyClicks(output, dir_.filePath(u"mine.sqlite"_s));

        QCOMPARE(dialog.command().arguments(),
                 (QStringList{u"--suite"_s, suite, u"--out"_s, dir_.filePath(u"mine.sqlite"_s),
                              u"--devices"_s, u"cpu"_s, u"--only"_s, u"gemm/fp32/*"_s,
                              u"--progress"_s, u"machine"_s}));
    }

    void outputFollowsTheSuiteUntilTheUserChoosesOne() {
        RecordDialog dialog;
        auto* suite = dialog.findChild<QComboBox*>(u"suite"_s);
        auto* output = dialog.findChild<QLineEdit*>(u"output"_s);
        QVERIFY(suite && output);
        QCOMPARE(suite->currentData().toString(), u"quick"_s);
        QVERIFY2(QFileInfo(output->text()).fileName().startsWith(u"quick-"_s),
                 qPrintable(output->text()));
        QVERIFY(output->text().endsWith(u".sqlite"_s));
        QCOMPARE(QFileInfo(output->text()).dir().dirName(), u"recordings"_s);

        suite->setCurrentIndex(suite->findData(u"standard"_s));
        QVERIFY2(QFileInfo(output->text()).fileName().startsWith(u"standard-"_s),
                 qPrintable(output->text()));

        QTest::keyClicks(output, u"x"_s);  // the user edits it: no longer ours to rename
        const QString edited = output->text();
        suite->setCurrentIndex(suite->findData(u"full"_s));
        QCOMPARE(output->text(), edited);
    }

    void recordsATinySuiteToTheEnd() {
        RecordDialog dialog;
        useThisBuildsRecorder(dialog);
        RecorderCommand command;
        command.suite = writeSuite(u"tiny.json"_s, kTinySuite);
        command.devices = RecorderCommand::Devices::Cpu;
        command.only = u"gemm/fp32/openblas/cpu/*"_s;
        command.output = dir_.filePath(u"new/folder/tiny.sqlite"_s);  // folders are made
        dialog.setCommand(command);
        dialog.show();

        QSignalSpy started(&dialog, &RecordDialog::recordingStarted);
        QSignalSpy finished(&dialog, &RecordDialog::recordingFinished);
        QSignalSpy exited(&dialog, &RecordDialog::recorderExited);
        dialog.findChild<QPushButton*>(u"record"_s)->click();
        QVERIFY(dialog.isRecording());
        QVERIFY(!dialog.findChild<QLineEdit*>(u"only"_s)->isEnabled());
        QVERIFY2(exited.wait(kRecordTimeoutMs), qPrintable(dialog.statusText()));
        QCOMPARE(exited.at(0).at(0).toInt(), 0);

        QCOMPARE(started.count(), 1);
        QCOMPARE(started.at(0).at(0).toString(), command.output);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).toString(), command.output);
        QCOMPARE(dialog.progress().total(), 3);  // one variant, three rounds
        QCOMPARE(dialog.progress().variants(), 1);
        QCOMPARE(dialog.progress().percent(), 100);
        auto* bar = dialog.findChild<QProgressBar*>(u"progress"_s);
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY2(dialog.statusText().startsWith(u"Recorded 1 variant into "_s),
                 qPrintable(dialog.statusText()));
        QVERIFY(dialog.detailsText().isEmpty());

        const Recording recording(command.output.toStdString());
        const auto runs = recording.runs();
        QCOMPARE(runs.size(), size_t(1));
        QCOMPARE(runs[0].state, RunState::Complete);
        QVERIFY(QString::fromStdString(runs[0].info.commandLine).contains(u"--only"_s));
        const auto variants = recording.variantSummary(runs[0].id);
        QCOMPARE(variants.size(), size_t(1));
        QCOMPARE(QString::fromStdString(variants[0].name), u"gemm/fp32/openblas/cpu/33x17x65"_s);
        QCOMPARE(variants[0].status, VariantStatus::Ok);
    }

    void cancelKeepsTheFinishedVariantsAndMarksTheRunInterrupted() {
        RecordDialog dialog;
        useThisBuildsRecorder(dialog);
        RecorderCommand command;
        command.suite = writeSuite(u"slow.json"_s, kSlowSuite);
        command.devices = RecorderCommand::Devices::Cpu;
        command.output = dir_.filePath(u"slow.sqlite"_s);
        dialog.setCommand(command);
        dialog.show();

        QSignalSpy started(&dialog, &RecordDialog::recordingStarted);
        QSignalSpy finished(&dialog, &RecordDialog::recordingFinished);
        QSignalSpy exited(&dialog, &RecordDialog::recorderExited);
        dialog.start();
        QVERIFY(started.wait(kRecordTimeoutMs));
        QTRY_VERIFY_WITH_TIMEOUT(dialog.progress().finished() >= 1, kRecordTimeoutMs);
        QCOMPARE(dialog.progress().total(), 36);  // 12 variants, three rounds
        QVERIFY(!dialog.progress().current().isEmpty() || dialog.progress().finished() >= 1);

        auto* cancel = dialog.findChild<QPushButton*>(u"cancel"_s);
        cancel->click();
        QVERIFY2(dialog.isVisible(), "Cancel while recording stops it; it does not close");
        QVERIFY(exited.wait(kRecordTimeoutMs));
        QCOMPARE(exited.at(0).at(0).toInt(), 130);

        const int kept = dialog.progress().finished();
        QVERIFY(kept >= 1 && kept < 12);
        QCOMPARE(dialog.statusText(), u"Recording interrupted: %1 variant%2 kept in %3"_s.arg(kept)
                                          .arg(kept == 1 ? u""_s : u"s"_s)
                                          .arg(command.output));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(cancel->text().remove(u'&'), u"Close"_s);

        const Recording recording(command.output.toStdString());
        const auto runs = recording.runs();
        QCOMPARE(runs.size(), size_t(1));
        QCOMPARE(runs[0].state, RunState::Interrupted);
        QCOMPARE(recording.variantSummary(runs[0].id).size(), size_t(kept));
    }

    void aRecorderThatRefusesShowsItsOwnMessage() {
        RecordDialog dialog;
        useThisBuildsRecorder(dialog);
        RecorderCommand command;
        command.suite = writeSuite(u"broken.json"_s, "{ \"name\": \"broken\", \"workloads\": [ }");
        command.output = dir_.filePath(u"broken.sqlite"_s);
        dialog.setCommand(command);

        QSignalSpy started(&dialog, &RecordDialog::recordingStarted);
        QSignalSpy finished(&dialog, &RecordDialog::recordingFinished);
        QSignalSpy exited(&dialog, &RecordDialog::recorderExited);
        dialog.start();
        QVERIFY(exited.wait(kRecordTimeoutMs));
        QCOMPARE(exited.at(0).at(0).toInt(), 2);
        QCOMPARE(started.count(), 0);
        QCOMPARE(finished.count(), 0);
        QVERIFY2(dialog.statusText().contains(u"refused"_s), qPrintable(dialog.statusText()));
        // The recorder's own words: the file, the line and what is wrong.
        QVERIFY2(dialog.detailsText().contains(u"broken.json:1"_s),
                 qPrintable(dialog.detailsText()));
        QVERIFY2(dialog.detailsText().contains(u"syntax error"_s),
                 qPrintable(dialog.detailsText()));
        QVERIFY(!QFileInfo::exists(command.output));
    }

    void aRecorderThatCannotStartSaysWhichAndWhy() {
        RecordDialog dialog;
        dialog.setRecorderPath(dir_.filePath(u"no-such/costscope-record"_s));
        RecorderCommand command;
        command.suite = u"quick"_s;
        command.output = dir_.filePath(u"never.sqlite"_s);
        dialog.setCommand(command);
        QSignalSpy exited(&dialog, &RecordDialog::recorderExited);
        dialog.start();
        QTRY_COMPARE(exited.count(), 1);
        QCOMPARE(exited.at(0).at(0).toInt(), -1);
        QVERIFY(!dialog.isRecording());
        QVERIFY2(dialog.statusText().contains(u"could not be started"_s),
                 qPrintable(dialog.statusText()));
        QVERIFY(dialog.statusText().contains(u"no-such/costscope-record"_s));
    }
};

}  // namespace costscope

QTEST_MAIN(costscope::RecordDialogTest)
#include "RecordDialogTest.moc"
