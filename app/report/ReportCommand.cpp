// ReportCommand: parse, check every input before any work, load the runs, export.
#include "app/report/ReportCommand.h"

#include <QFileInfo>
#include <algorithm>
#include <exception>
#include <future>

#include "app/core/RunLoader.h"
#include "app/report/ExportReport.h"
#include "app/report/ReportFormat.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

// A recording, or a run in it, that cannot be reported; the message is for the user.
struct Refusal {
    QString message;
};

QString runList(const FileData& file) {
    QStringList runs;
    for (const RunRow& run : file.runs) {
        runs << QString::number(run.id) + u" ("_s + QString::fromStdString(run.info.suite) +
                    u", "_s + QString::fromLatin1(toString(run.state)) + u")"_s;
    }
    return runs.join(u", "_s);
}

// The id of the run `wanted` of `path` (its newest when not named; with `avoid`, the newest other
// than it), checked to be reportable: this reads only the list of runs, so every input is judged
// before any is read whole.
int64_t reportableRunId(const QString& path, const std::optional<int64_t>& wanted,
                        const QString& runOption, std::optional<int64_t> avoid = {}) {
    FileData file;
    try {
        file = loadFile(path.toStdString());
    } catch (const std::exception& error) {
        throw Refusal{describeLoadFailure(path, error)};
    }
    if (file.runs.empty()) {
        throw Refusal{path +
                      u" is a costscope recording with no run in it yet (costscope-record "
                      u"created it but recorded nothing). Record a run into it with "
                      u"costscope-record --out "_s +
                      path + u", or report another file."_s};
    }
    const RunRow* run = nullptr;
    if (wanted) {
        for (const RunRow& row : file.runs) {
            if (row.id == *wanted) {
                run = &row;
            }
        }
        if (run == nullptr) {
            throw Refusal{path + u" has no run "_s + QString::number(*wanted) +
                          u". Its runs are: "_s + runList(file) + u". Name one of them with "_s +
                          runOption + u"."_s};
        }
    } else {
        for (auto row = file.runs.rbegin(); row != file.runs.rend() && run == nullptr; ++row) {
            if (!avoid || row->id != *avoid) {
                run = &*row;
            }
        }
        if (run == nullptr) {
            throw Refusal{path + u" holds only run "_s + QString::number(*avoid) +
                          u", the one being reported: there is no other run to compare it "
                          u"with. Name another recording with --baseline."_s};
        }
    }
    if (run->state == RunState::Running) {
        QStringList finished;
        for (const RunRow& row : file.runs) {
            if (row.state != RunState::Running) {
                finished << QString::number(row.id);
            }
        }
        throw Refusal{path + u": run "_s + QString::number(run->id) +
                      u" is still being recorded (costscope-record, process "_s +
                      QString::number(run->pid) +
                      u" on this host). Wait until it finishes and run this again"_s +
                      (finished.isEmpty() ? QString()
                                          : u", or report a finished run with "_s + runOption +
                                                u" ("_s + finished.join(u", "_s) + u")"_s) +
                      u"."_s};
    }
    return run->id;
}

RunDataPtr loadWholeRun(const QString& path, int64_t runId) {
    try {
        return std::make_shared<const RunData>(loadRun(path.toStdString(), runId));
    } catch (const std::exception& error) {
        throw Refusal{describeLoadFailure(path, error)};
    }
}

}  // namespace

std::optional<int64_t> ReportCommand::parseRunId(const QString& text, const QString& option,
                                                 QString& error) {
    bool ok = false;
    const qlonglong id = text.toLongLong(&ok);
    if (!ok || id <= 0) {
        error = option + u" needs a run id (a positive whole number), not '"_s + text + u"'."_s;
        return std::nullopt;
    }
    return int64_t(id);
}

bool ReportCommand::isRequested(const QStringList& arguments) {
    for (const QString& argument : arguments) {
        if (argument == u"--report" || argument.startsWith(u"--report="_s)) {
            return true;
        }
    }
    return false;
}

namespace {

QtMessageHandler previousHandler = nullptr;

void dropHeadlessNotices(QtMsgType type, const QMessageLogContext& context, const QString& text) {
    if (type == QtWarningMsg && text.startsWith(u"QStandardPaths: XDG_RUNTIME_DIR not set"_s)) {
        return;
    }
    if (previousHandler != nullptr) {
        previousHandler(type, context, text);
    }
}

}  // namespace

void ReportCommand::quietHeadlessNotices() {
    previousHandler = qInstallMessageHandler(dropHeadlessNotices);
}

QString ReportCommand::version() {
    return u"costscope "_s + QStringLiteral(COSTSCOPE_VERSION) + u"\n"_s;
}

QString ReportCommand::usage() {
    return uR"(Usage:
  costscope [--view NAME] [FILE.sqlite ... | --baseline BASE.sqlite FILE.sqlite]
      Opens recordings made by costscope-record in the desktop application, showing the
      newest run of the first file; --view picks the tab shown first (Trade-off, Compare,
      Sweeps, Roofline, Timeline, Tables, Compare runs, Machines; the start of its name is
      enough); --view machines compares every run of the files as machines (the run browser's
      Compare machines, for any number of runs picked); --baseline compares FILE's newest run
      with BASE's newest.

  costscope --report OUT RUN.sqlite [--run ID] [--baseline BASE.sqlite [--baseline-run ID]
            [--equivalence PERCENT]] [--accuracy-loss POINTS]
      Writes a report on a run without opening a window; it needs no display (Qt's offscreen
      platform is chosen when QT_QPA_PLATFORM is not set). The format is OUT's suffix:
        .html  one self-contained page: what differs between the runs, what won, the
               warnings, machines, suites, tables and every chart embedded
        .pdf   the same, printed through Qt's PDF writer (A4, or Letter in US locales)
        .md    Markdown: the same without the charts
        .csv   the tables of numbers in one table (RFC 4180); column `table` says which
               ("summary", "left out", "comparison", "headline", "differences"), column
               `run` whose
      The report is written whole or not at all; the recordings are only read.
      RUN.sqlite and BASE.sqlite may be costscope recordings or Nsight Systems SQLite exports
      (nsys export --type sqlite) of any program, whose NVTX ranges are the variants.

  costscope --report OUT FLEET.sqlite --runs all|ID,ID... [--goal fastest|cheapest]
            [--accuracy-loss POINTS] [--max-error PERCENT] [--equivalence PERCENT]
      Compares machines: the runs named (every run of the file with `all`; two or more),
      each recorded on its own machine and merged into one file with costscope-merge, side
      by side: every variant's median (energy and price where measured) on each machine,
      the best machine of each marked, and for each workload the machine and variant to
      choose, the fastest or the cheapest within the accuracy loss (models) or the error
      (GEMMs) allowed against the dense FP32 reference. A best machine is marked only where
      its lead over the next holds: the ratio of their figures with its 95 % interval lies
      beyond the --equivalence band. CSV tables: "machines", "choice".

  costscope --export-trace OUT.json FILE.sqlite [--run ID]
      Writes the run's timeline (default: the newest run) as a Chrome trace that Perfetto
      (ui.perfetto.dev) and chrome://tracing open: a process per device, a track per stream
      and kind, the variants or NVTX ranges on the host, device memory as a counter, kernel
      launch configurations in args. No display needed; exit status as for --report.

Options:
  --report OUT            write the report to OUT (.html, .pdf, .md, .csv)
  --run ID                the run of RUN.sqlite to report (default: its newest)
  --baseline BASE.sqlite  compare the run with a baseline run from BASE.sqlite: a table of
                          baseline and candidate medians, their ratio with its 95 %
                          interval, a verdict (faster, slower, same, inconclusive) and the
                          Mann-Whitney p-value, and the charts overlaid
  --export-trace OUT      write the run's timeline to OUT as a Chrome trace (JSON)
  --baseline-run ID       the baseline's run (default: the newest run of BASE.sqlite; when
                          BASE.sqlite is RUN.sqlite, the newest other than the reported one)
  --equivalence PERCENT   the band of practical equivalence of the verdicts (default 2: a
                          change whose 95 % interval lies within ±2 % is "same")
  --accuracy-loss POINTS  the headline names the fastest model whose accuracy is at most
                          this many percentage points below the dense model's (default 1);
                          with --runs, the loss a model chosen for a machine may have
  --runs all|ID,...       compare these runs of the file as machines (see above)
  --goal fastest|cheapest what --runs chooses machines by (default: cheapest when any run
                          was recorded with prices, else fastest)
  --max-error PERCENT     with --runs, the relative error against FP64 a GEMM chosen may
                          have (default 1)
  -h, --help              show this text
  --version               show the version

Exit status of --report:
  0  the report was written; its path is printed on standard output
  1  an unexpected failure inside costscope (please report it)
  2  bad input, nothing written; standard error names the file, what is wrong and what to
     do: wrong arguments, a file that is not SQLite or is truncated, an SQLite file that is
     not a costscope recording, a recording from a newer costscope, a run still being
     recorded, a recording with no run, no run with the given id, an unknown OUT suffix, or
     an OUT that cannot be written
)"_s;
}

ReportCommand::ReportCommand(const QStringList& arguments) {
    QStringList positional;
    const auto valueOf = [&](qsizetype& i, const QString& option, QString& value) {
        const QString& argument = arguments[i];
        if (argument.startsWith(option + u"="_s)) {
            value = argument.mid(option.size() + 1);
            return true;
        }
        if (argument != option) {
            return false;
        }
        if (i + 1 >= arguments.size()) {
            error_ = option + u" needs a value."_s;
            return true;
        }
        value = arguments[++i];
        return true;
    };
    for (qsizetype i = 0; i < arguments.size() && error_.isEmpty(); ++i) {
        QString value;
        if (valueOf(i, u"--report"_s, output_)) {
            continue;
        }
        if (valueOf(i, u"--baseline"_s, baseline_)) {
            continue;
        }
        if (valueOf(i, u"--run"_s, value)) {
            if (error_.isEmpty()) {
                runId_ = parseRunId(value, u"--run"_s, error_);
            }
            continue;
        }
        if (valueOf(i, u"--equivalence"_s, value)) {
            bool ok = false;
            const double percent = value.toDouble(&ok);
            if (error_.isEmpty() && (!ok || !(percent > 0) || percent > 50)) {
                error_ = u"--equivalence takes a percentage above 0 and up to 50, not '"_s + value +
                         u"'."_s;
            }
            equivalence_ = percent / 100.0;
            continue;
        }
        if (valueOf(i, u"--accuracy-loss"_s, value)) {
            bool ok = false;
            const double points = value.toDouble(&ok);
            if (error_.isEmpty() && (!ok || !(points >= 0) || points > 100)) {
                error_ = u"--accuracy-loss takes percentage points from 0 to 100, not '"_s + value +
                         u"'."_s;
            }
            accuracyLoss_ = points;
            continue;
        }
        if (valueOf(i, u"--runs"_s, value)) {
            if (!error_.isEmpty()) {
                continue;
            }
            if (value == u"all"_s) {
                allRuns_ = true;
                continue;
            }
            for (const QString& id : value.split(u',')) {
                const auto parsed = parseRunId(id.trimmed(), u"--runs"_s, error_);
                if (!parsed) {
                    error_ = u"--runs takes all, or run ids separated by commas (1,3,4), not '"_s +
                             value + u"'."_s;
                    break;
                }
                if (std::find(machineRuns_.begin(), machineRuns_.end(), *parsed) ==
                    machineRuns_.end()) {
                    machineRuns_.push_back(*parsed);
                }
            }
            continue;
        }
        if (valueOf(i, u"--goal"_s, value)) {
            if (value == u"fastest"_s) {
                goal_ = FleetGoal::Fastest;
            } else if (value == u"cheapest"_s) {
                goal_ = FleetGoal::Cheapest;
            } else if (error_.isEmpty()) {
                error_ = u"--goal takes fastest or cheapest, not '"_s + value + u"'."_s;
            }
            continue;
        }
        if (valueOf(i, u"--max-error"_s, value)) {
            bool ok = false;
            const double percent = value.toDouble(&ok);
            if (error_.isEmpty() && (!ok || !(percent > 0) || percent > 100)) {
                error_ = u"--max-error takes a percentage above 0 and up to 100, not '"_s + value +
                         u"'."_s;
            }
            maxError_ = percent / 100.0;
            continue;
        }
        if (valueOf(i, u"--baseline-run"_s, value)) {
            if (error_.isEmpty()) {
                baselineRunId_ = parseRunId(value, u"--baseline-run"_s, error_);
            }
            continue;
        }
        if (arguments[i].startsWith(u"-"_s) && arguments[i] != u"-") {
            error_ = u"Unknown option '"_s + arguments[i] + u"'."_s;
            break;
        }
        positional << arguments[i];
    }
    if (!error_.isEmpty()) {
        return;
    }
    if (output_.isEmpty()) {
        error_ = u"--report needs the report's file name (OUT.html, .pdf, .md or .csv)."_s;
    } else if (positional.isEmpty()) {
        error_ =
            u"Name the recording to report: costscope --report "_s + output_ + u" RUN.sqlite."_s;
    } else if (positional.size() > 1) {
        error_ = u"One recording per report (got "_s + positional.join(u", "_s) +
                 u"); compare two with --baseline BASE.sqlite."_s;
    } else if (baselineRunId_ && baseline_.isEmpty()) {
        error_ = u"--baseline-run needs --baseline BASE.sqlite (it may be the same file)."_s;
    } else if ((allRuns_ || !machineRuns_.empty()) && (runId_ || !baseline_.isEmpty())) {
        error_ =
            u"--runs compares machines; --run and --baseline report one run or two: use "
            u"one or the other."_s;
    } else if ((goal_ || maxError_ != QualityBudget{}.maxError) && !allRuns_ &&
               machineRuns_.empty()) {
        error_ = u"--goal and --max-error choose between machines: they need --runs."_s;
    } else if (machineRuns_.size() == 1) {
        error_ = u"--runs compares machines: name two runs or more (or all)."_s;
    } else {
        recording_ = positional.front();
    }
}

ReportInput ReportCommand::machinesInput() const {
    std::vector<int64_t> ids = machineRuns_;
    if (allRuns_) {
        FileData file;
        try {
            file = loadFile(recording_.toStdString());
        } catch (const std::exception& error) {
            throw Refusal{describeLoadFailure(recording_, error)};
        }
        for (const RunRow& run : file.runs) {
            ids.push_back(run.id);
        }
        if (ids.size() < 2) {
            throw Refusal{recording_ + u" holds "_s + QString::number(ids.size()) +
                          u" run: --runs all compares machines, and needs two runs or more. "
                          u"Merge the recordings of your machines into one file first "
                          u"(costscope-merge FLEET.sqlite A.sqlite B.sqlite)."_s};
        }
    }
    // Every run judged before any is read whole; then read at once, each on its own connection.
    for (const int64_t id : ids) {
        reportableRunId(recording_, id, u"--runs"_s);
    }
    std::vector<std::future<RunDataPtr>> loads;
    for (const int64_t id : ids) {
        loads.push_back(std::async(std::launch::async, loadWholeRun, recording_, id));
    }
    ReportInput input;
    input.accuracyLoss = accuracyLoss_;
    input.goal = goal_;
    input.maxError = maxError_;
    for (auto& load : loads) {
        input.machines.push_back(load.get());
    }
    input.candidate = input.machines.front();
    return input;
}

int ReportCommand::run(QTextStream& out, QTextStream& err) const {
    const auto refuse = [&err](const QString& message) {
        err << "costscope: " << message << Qt::endl;
        return int(BadInput);
    };
    if (!error_.isEmpty()) {
        return refuse(error_ + u" See costscope --help."_s);
    }
    // Cheap checks first: a wrong suffix or output folder fails before any recording is read.
    if (!reportFormatOf(output_)) {
        const QString suffix = QFileInfo(output_).suffix();
        return refuse(u"Cannot write the report '"_s + output_ + u"': "_s +
                      (suffix.isEmpty() ? u"its name has no suffix to say the format"_s
                                        : u"'."_s + suffix + u"' is not a report format"_s) +
                      u". Name it "_s + reportSuffixes() + u"."_s);
    }
    const QFileInfo folder(QFileInfo(output_).absolutePath());
    if (!folder.isDir()) {
        return refuse(u"Cannot write the report '"_s + output_ + u"': the folder '"_s +
                      folder.filePath() + u"' does not exist. Create it or choose another."_s);
    }
    try {
        if (allRuns_ || !machineRuns_.empty()) {
            const QString error = exportReport(machinesInput(), output_);
            if (!error.isEmpty()) {
                return refuse(error);
            }
            out << QFileInfo(output_).absoluteFilePath() << Qt::endl;
            return Written;
        }
        const int64_t candidateId = reportableRunId(recording_, runId_, u"--run"_s);
        std::optional<int64_t> baselineId;
        if (!baseline_.isEmpty()) {
            // The same file twice compares two of its runs: never a run with itself.
            const bool sameFile = QFileInfo(baseline_).canonicalFilePath() ==
                                  QFileInfo(recording_).canonicalFilePath();
            baselineId =
                reportableRunId(baseline_, baselineRunId_, u"--baseline-run"_s,
                                sameFile ? std::optional<int64_t>(candidateId) : std::nullopt);
        }
        // Both runs are read at once, each through its own read-only connection: reading a
        // run's summaries is most of the time a report takes on a large recording.
        std::future<RunDataPtr> baseline;
        if (baselineId) {
            baseline = std::async(std::launch::async, loadWholeRun, baseline_, *baselineId);
        }
        ReportInput input;
        input.equivalence = equivalence_;
        input.accuracyLoss = accuracyLoss_;
        input.candidate = loadWholeRun(recording_, candidateId);
        if (baseline.valid()) {
            input.baseline = baseline.get();
        }
        const QString error = exportReport(input, output_);
        if (!error.isEmpty()) {
            return refuse(error);
        }
    } catch (const Refusal& refusal) {
        return refuse(refusal.message);
    } catch (const std::exception& error) {
        err << "costscope: unexpected failure while writing " << output_ << ": " << error.what()
            << ". Please report this." << Qt::endl;
        return Internal;
    }
    out << QFileInfo(output_).absoluteFilePath() << Qt::endl;
    return Written;
}

}  // namespace costscope
