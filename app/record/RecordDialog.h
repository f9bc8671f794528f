// Record...: runs costscope-record as a child process, shows its progress, keeps what finished.
#pragma once

#include <QDialog>
#include <QPointer>
#include <QProcess>
#include <QString>

#include "app/record/RecorderCommand.h"
#include "app/record/RecorderProgress.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace costscope {

class RecordDialog : public QDialog {
    Q_OBJECT
  public:
    explicit RecordDialog(QWidget* parent = nullptr);
    // A recording still running is stopped the way Cancel stops it, so its file stays readable.
    ~RecordDialog() override;

    // What the fields ask for, paths made absolute.
    RecorderCommand command() const;
    // Fills the fields; a suite that is not built in is added to the suite list as a file.
    void setCommand(const RecorderCommand& command);
    // The recorder to run; RecorderCommand::findRecorder() unless set.
    void setRecorderPath(const QString& path) { recorderPath_ = path; }
    const QString& recorderPath() const { return recorderPath_; }

    bool isRecording() const;
    const RecorderProgress& progress() const { return progress_; }
    // The sentence under the progress bar: what is happening, or how it ended.
    QString statusText() const;
    // The recorder's own last lines, shown when it failed (empty otherwise).
    QString detailsText() const;

  public slots:
    // Record: starts costscope-record with command().
    void start();
    // Cancel while recording: SIGTERM, which the recorder treats as Ctrl-C: it stops after the
    // current step, keeps every finished variant and marks the run interrupted. A second call
    // makes it quit at once (the run then reads as incomplete).
    void stop();
    // Escape or closing the window while recording stops the recording instead of hiding it.
    void reject() override;

  signals:
    // The recording holds its run and its first variant is being measured: open and follow it.
    void recordingStarted(const QString& path);
    // The recorder ended and left a readable recording (complete, interrupted, or with failed
    // variants): open it.
    void recordingFinished(const QString& path);
    // The recorder ended with `exitCode` (costscope-record's documented codes), or -1 when it
    // could not be started or was killed by a signal.
    void recorderExited(int exitCode);

  private:
    void buildUi();
    void suiteActivated(int index);
    void addSuiteFile(const QString& path);
    void chooseOutput();
    void refreshDefaultOutput();
    void readStderr();
    void processFinished(int exitCode, QProcess::ExitStatus status);
    void processError(QProcess::ProcessError error);
    void setRunning(bool running);
    void showProgress();
    void showOutcome(const QString& sentence, bool showDetails);

    QComboBox* suite_ = nullptr;
    QComboBox* devices_ = nullptr;
    QLineEdit* only_ = nullptr;
    QLineEdit* output_ = nullptr;
    QPushButton* chooseOutput_ = nullptr;
    QProgressBar* bar_ = nullptr;
    QLabel* current_ = nullptr;
    QLabel* status_ = nullptr;
    QPlainTextEdit* details_ = nullptr;
    QPushButton* recordButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;

    QString recorderPath_;
    QPointer<QProcess> process_;
    RecorderProgress progress_;
    QString recordingPath_;      // the --out of the recording under way or last made
    int suiteIndex_ = 0;         // the suite chosen before "Suite file..." was picked
    bool outputEdited_ = false;  // the user chose the output: stop proposing names
    bool startedEmitted_ = false;
    bool stopRequested_ = false;
};

}  // namespace costscope
