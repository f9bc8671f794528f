// RecordDialog: the fields, the child process, and the sentence that says how it ended.
#include "app/record/RecordDialog.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

// costscope-record's exit codes (profiler/recorder/RecorderOptions.h).
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130;

// Item data of the suite list: the --suite value; the last item opens a file instead.
constexpr int kSuiteRole = Qt::UserRole;
constexpr int kPickFileRole = Qt::UserRole + 1;

// How long the destructor waits for a stopped recorder to store its last variant.
constexpr int kStopWaitMs = 15000;

QString builtinDescription(const QString& name) {
    // The budgets of docs/suites.md, on a 2-core CPU with the models cached.
    if (name == u"quick"_s) {
        return u"every GEMM family once at 1024³ and five models; about 90 s"_s;
    }
    if (name == u"standard"_s) {
        return u"three sizes per family and every model; under 10 min"_s;
    }
    if (name == u"full"_s) {
        return u"sizes 256 to 16384, ten sparsities; hours"_s;
    }
    return {};
}

QString variants(int count) {
    return count == 1 ? u"1 variant"_s : QString::number(count) % u" variants"_s;
}

}  // namespace

RecordDialog::RecordDialog(QWidget* parent)
    : QDialog(parent), recorderPath_(RecorderCommand::findRecorder()) {
    setWindowTitle(tr("Record"));
    buildUi();
    refreshDefaultOutput();
}

RecordDialog::~RecordDialog() {
    if (process_ && process_->state() != QProcess::NotRunning) {
        // Not killed outright: SIGTERM lets the recorder store the variant it is on and mark
        // the run interrupted, and only a recorder that does not end in time is killed.
        process_->disconnect(this);
        process_->terminate();
        if (!process_->waitForFinished(kStopWaitMs)) {
            process_->kill();
            process_->waitForFinished();
        }
    }
}

void RecordDialog::buildUi() {
    suite_ = new QComboBox(this);
    suite_->setObjectName(u"suite"_s);
    for (const QString& name : RecorderCommand::builtinSuites()) {
        suite_->addItem(name % u" — "_s % builtinDescription(name), name);
    }
    suite_->addItem(tr("Suite file…"));
    suite_->setItemData(suite_->count() - 1, true, kPickFileRole);
    suite_->setToolTip(tr("A built-in suite, or a suite file (docs/suites.md)"));
    connect(suite_, &QComboBox::activated, this, &RecordDialog::suiteActivated);
    connect(suite_, &QComboBox::currentIndexChanged, this, &RecordDialog::refreshDefaultOutput);

    devices_ = new QComboBox(this);
    devices_->setObjectName(u"devices"_s);
    devices_->addItem(tr("CPU and GPU"), int(RecorderCommand::Devices::CpuAndGpu));
    devices_->addItem(tr("CPU only"), int(RecorderCommand::Devices::Cpu));
    devices_->addItem(tr("GPU only"), int(RecorderCommand::Devices::Gpu));
    devices_->setToolTip(
        tr("Without a usable GPU, GPU variants are stored as skipped, with "
           "CUDA's reason, so recordings from different machines line up"));

    only_ = new QLineEdit(this);
    only_->setObjectName(u"only"_s);
    only_->setPlaceholderText(tr("every variant, or a pattern such as pruned/* or */cpu/*"));
    only_->setToolTip(tr("Only the variants whose name matches this glob (--only)"));

    output_ = new QLineEdit(this);
    output_->setObjectName(u"output"_s);
    connect(output_, &QLineEdit::textEdited, this, [this] { outputEdited_ = true; });
    chooseOutput_ = new QPushButton(tr("Choose…"), this);
    chooseOutput_->setObjectName(u"chooseOutput"_s);
    connect(chooseOutput_, &QPushButton::clicked, this, &RecordDialog::chooseOutput);
    auto* outputRow = new QHBoxLayout;
    outputRow->addWidget(output_, 1);
    outputRow->addWidget(chooseOutput_);

    auto* form = new QFormLayout;
    form->addRow(tr("&Suite:"), suite_);
    form->addRow(tr("&Devices:"), devices_);
    form->addRow(tr("&Filter:"), only_);
    auto* outputLabel = new QLabel(tr("&Output:"), this);
    outputLabel->setBuddy(output_);
    form->addRow(outputLabel, outputRow);

    bar_ = new QProgressBar(this);
    bar_->setObjectName(u"progress"_s);
    bar_->setRange(0, 1);
    bar_->setValue(0);
    bar_->setFormat(tr("%v of %m variants"));
    bar_->setTextVisible(false);  // until the recorder says how many
    current_ = new QLabel(this);
    current_->setObjectName(u"current"_s);
    current_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_ = new QLabel(this);
    status_->setObjectName(u"status"_s);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    details_ = new QPlainTextEdit(this);
    details_->setObjectName(u"details"_s);
    details_->setReadOnly(true);
    details_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    details_->setVisible(false);

    auto* buttons = new QDialogButtonBox(this);
    recordButton_ = buttons->addButton(tr("&Record"), QDialogButtonBox::ActionRole);
    recordButton_->setObjectName(u"record"_s);
    recordButton_->setDefault(true);
    cancelButton_ = buttons->addButton(QDialogButtonBox::Close);
    cancelButton_->setObjectName(u"cancel"_s);
    connect(recordButton_, &QPushButton::clicked, this, &RecordDialog::start);
    connect(cancelButton_, &QPushButton::clicked, this, &RecordDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addSpacing(8);
    layout->addWidget(bar_);
    layout->addWidget(current_);
    layout->addWidget(status_);
    layout->addWidget(details_, 1);
    layout->addWidget(buttons);
    resize(640, sizeHint().height());
}

RecorderCommand RecordDialog::command() const {
    RecorderCommand command;
    command.suite = suite_->currentData(kSuiteRole).toString();
    command.devices = RecorderCommand::Devices(devices_->currentData().toInt());
    command.only = only_->text().trimmed();
    const QString output = output_->text().trimmed();
    command.output = output.isEmpty() ? QString() : QFileInfo(output).absoluteFilePath();
    return command;
}

void RecordDialog::setCommand(const RecorderCommand& command) {
    if (const int index = suite_->findData(command.suite, kSuiteRole); index >= 0) {
        suite_->setCurrentIndex(index);
    } else if (!command.suite.isEmpty()) {
        addSuiteFile(command.suite);
    }
    devices_->setCurrentIndex(devices_->findData(int(command.devices)));
    only_->setText(command.only);
    if (!command.output.isEmpty()) {
        output_->setText(command.output);
        outputEdited_ = true;
    }
}

void RecordDialog::suiteActivated(int index) {
    if (!suite_->itemData(index, kPickFileRole).toBool()) {
        suiteIndex_ = index;
        return;
    }
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a Suite File"), QString(),
                                                      tr("Suite files (*.json);;All files (*)"));
    if (path.isEmpty()) {
        suite_->setCurrentIndex(suiteIndex_);
        return;
    }
    addSuiteFile(path);
}

void RecordDialog::addSuiteFile(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    int index = suite_->findData(absolute, kSuiteRole);
    if (index < 0) {
        // Before "Suite file…", which stays last.
        index = suite_->count() - 1;
        suite_->insertItem(index, RecorderCommand::suiteName(absolute) % u" — "_s % absolute,
                           absolute);
    }
    suite_->setCurrentIndex(index);
    suiteIndex_ = index;
}

void RecordDialog::chooseOutput() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Record Into"), output_->text(), tr("Recordings (*.sqlite)"), nullptr,
        // An existing recording is not overwritten: it gets a run.
        QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty()) {
        output_->setText(path);
        outputEdited_ = true;
    }
}

void RecordDialog::refreshDefaultOutput() {
    if (outputEdited_ || !output_) {
        return;
    }
    const QString suite = suite_->currentData(kSuiteRole).toString();
    if (suite.isEmpty()) {
        return;
    }
    output_->setText(RecorderCommand::defaultOutput(RecorderCommand::recordingsDirectory(), suite,
                                                    QDateTime::currentDateTime()));
}

bool RecordDialog::isRecording() const {
    return process_ && process_->state() != QProcess::NotRunning;
}

QString RecordDialog::statusText() const {
    return status_->text();
}

QString RecordDialog::detailsText() const {
    return details_->toPlainText();
}

void RecordDialog::start() {
    if (isRecording()) {
        return;
    }
    const RecorderCommand command = this->command();
    details_->clear();
    details_->setVisible(false);
    if (recorderPath_.isEmpty()) {
        showOutcome(tr("costscope-record was not found beside costscope, on PATH, or in this "
                       "build (%1). Build it with: cmake --build build --target costscope-record")
                        .arg(QString::fromUtf8(COSTSCOPE_RECORDER_BUILD_PATH)),
                    false);
        emit recorderExited(-1);
        return;
    }
    if (command.output.isEmpty()) {
        showOutcome(tr("Choose the file to record into."), false);
        return;
    }
    const QString folder = QFileInfo(command.output).absolutePath();
    if (!QDir().mkpath(folder)) {
        showOutcome(tr("The folder %1 cannot be created; choose another output file.").arg(folder),
                    false);
        return;
    }

    progress_ = RecorderProgress();
    recordingPath_ = command.output;
    startedEmitted_ = false;
    stopRequested_ = false;
    if (process_) {
        process_->deleteLater();
    }
    process_ = new QProcess(this);
    process_->setProgram(recorderPath_);
    process_->setArguments(command.arguments());
    // The summary table on stdout is for terminals; the dialog reads stderr only.
    process_->setStandardOutputFile(QProcess::nullDevice());
    connect(process_, &QProcess::readyReadStandardError, this, &RecordDialog::readStderr);
    connect(process_, &QProcess::finished, this, &RecordDialog::processFinished);
    connect(process_, &QProcess::errorOccurred, this, &RecordDialog::processError);

    setRunning(true);
    bar_->setRange(0, 0);  // busy until the recorder says how many variants there are
    current_->clear();
    status_->setText(tr("Starting costscope-record…"));
    process_->start();
}

void RecordDialog::stop() {
    if (!isRecording()) {
        return;
    }
    process_->terminate();
    if (stopRequested_) {
        status_->setText(tr("Stopping at once…"));
        return;
    }
    stopRequested_ = true;
    status_->setText(tr("Stopping after the current step; finished variants are kept…"));
    cancelButton_->setText(tr("Stop &Now"));
    cancelButton_->setToolTip(
        tr("Quit the recorder at once: the variant being measured is lost "
           "and the run reads as incomplete"));
}

void RecordDialog::reject() {
    if (isRecording()) {
        stop();
        return;
    }
    QDialog::reject();
}

void RecordDialog::readStderr() {
    progress_.append(process_->readAllStandardError());
    showProgress();
    // The first progress event comes after the run, the devices and the ceilings are stored:
    // the file is then a recording a window can open.
    if (!startedEmitted_ && progress_.events() > 0 && QFileInfo::exists(recordingPath_)) {
        startedEmitted_ = true;
        emit recordingStarted(recordingPath_);
    }
}

void RecordDialog::showProgress() {
    if (progress_.total() > 0) {
        bar_->setRange(0, progress_.total());
        bar_->setValue(progress_.finished());
        bar_->setTextVisible(true);
    }
    if (!progress_.current().isEmpty()) {
        current_->setText(tr("Variant %1 of %2: %3")
                              .arg(progress_.currentIndex())
                              .arg(progress_.total())
                              .arg(progress_.current()));
    } else {
        current_->clear();
    }
    if (stopRequested_) {
        return;
    }
    if (!progress_.lastMessage().isEmpty()) {
        status_->setText(progress_.lastMessage());
    } else if (progress_.events() > 0) {
        status_->setText(tr("Each variant is stored as it finishes; Cancel keeps them."));
    }
}

void RecordDialog::processFinished(int exitCode, QProcess::ExitStatus status) {
    progress_.append(process_->readAllStandardError());
    progress_.finish();
    showProgress();
    setRunning(false);

    const int kept = progress_.variants();
    const QString file = QDir::toNativeSeparators(recordingPath_);
    const bool exists = QFileInfo::exists(recordingPath_);
    QString counts;
    if (progress_.skipped() > 0 || progress_.failed() > 0) {
        counts = tr(" (%1 skipped, %2 failed)").arg(progress_.skipped()).arg(progress_.failed());
    }
    bool readable = exists;
    if (status == QProcess::CrashExit) {
        if (stopRequested_ && exists) {
            showOutcome(tr("Recording stopped at once: %1 kept in %2; its run reads as "
                           "incomplete.")
                            .arg(variants(kept), file),
                        false);
        } else if (stopRequested_) {
            showOutcome(tr("Recording cancelled before it began."), false);
        } else {
            showOutcome(tr("costscope-record stopped unexpectedly (%1). %2 kept in %3.")
                            .arg(process_->errorString(), variants(kept), file),
                        true);
        }
        emit recorderExited(-1);
    } else if (exitCode == kExitOk) {
        bar_->setRange(0, qMax(1, progress_.total()));
        bar_->setValue(bar_->maximum());
        showOutcome(tr("Recorded %1 into %2%3.").arg(variants(kept), file, counts), false);
        emit recorderExited(exitCode);
    } else if (exitCode == kExitInterrupted) {
        showOutcome(tr("Recording interrupted: %1 kept in %2").arg(variants(kept), file), false);
        emit recorderExited(exitCode);
    } else if (exitCode == kExitUsage) {
        // Refused before measuring anything (bad suite, bad output file): nothing to open.
        readable = false;
        showOutcome(tr("costscope-record refused to record (exit code %1):").arg(exitCode), true);
        emit recorderExited(exitCode);
    } else {
        readable = exists && kept > 0;
        showOutcome(
            exitCode == kExitFailure
                ? tr("costscope-record reported a failure (exit code 1); %1 stored in %2%3:")
                      .arg(variants(kept), file, counts)
                : tr("costscope-record ended with exit code %1; %2 stored in %3:")
                      .arg(exitCode)
                      .arg(variants(kept), file),
            true);
        emit recorderExited(exitCode);
    }
    if (readable) {
        emit recordingFinished(recordingPath_);
    }
    // The next Record must not append to the file just made unless the user chose it.
    refreshDefaultOutput();
}

void RecordDialog::processError(QProcess::ProcessError error) {
    if (error != QProcess::FailedToStart) {
        return;  // the other errors come with finished()
    }
    setRunning(false);
    showOutcome(tr("costscope-record could not be started (%1): %2")
                    .arg(QDir::toNativeSeparators(recorderPath_), process_->errorString()),
                false);
    emit recorderExited(-1);
}

void RecordDialog::setRunning(bool running) {
    for (QWidget* field : {static_cast<QWidget*>(suite_), static_cast<QWidget*>(devices_),
                           static_cast<QWidget*>(only_), static_cast<QWidget*>(output_),
                           static_cast<QWidget*>(chooseOutput_)}) {
        field->setEnabled(!running);
    }
    recordButton_->setEnabled(!running);
    cancelButton_->setText(running ? tr("&Cancel") : tr("&Close"));
    cancelButton_->setToolTip(running ? tr("Stop after the current step and keep every finished "
                                           "variant")
                                      : QString());
}

void RecordDialog::showOutcome(const QString& sentence, bool showDetails) {
    status_->setText(sentence);
    if (!isRecording() && bar_->maximum() == 0) {
        bar_->setRange(0, 1);  // no longer busy
        bar_->setTextVisible(false);
    }
    const QString tail = progress_.tail();
    details_->setPlainText(showDetails ? tail : QString());
    details_->setVisible(showDetails && !tail.isEmpty());
}

}  // namespace costscope
