// `costscope --report OUT RUN.sqlite [--run ID] [--baseline BASE.sqlite [--baseline-run ID]]`,
// or `... --runs all|ID,...` to compare machines: the headless report, its arguments, its
// checks of the input and its exit codes.
#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>
#include <cstdint>
#include <optional>
#include <vector>

#include "app/headline/Headline.h"
#include "app/report/ReportInput.h"
#include "profiler/analysis/Fleet.h"
#include "profiler/analysis/RatioVerdict.h"

namespace costscope {

class ReportCommand {
  public:
    // Exit codes, documented in usage().
    enum ExitCode : int {
        Written = 0,   // the report was written
        Internal = 1,  // an unexpected failure inside costscope (a bug: please report it)
        BadInput = 2,  // bad arguments, a recording that cannot be reported, an unwritable output
    };

    // True when `arguments` (argv without the program name) ask for a report: main() then
    // chooses the offscreen platform before it makes the QApplication.
    static bool isRequested(const QStringList& arguments);
    // `costscope --help`: the GUI's and the report's usage, the formats and the exit codes.
    static QString usage();
    // `costscope --version`.
    static QString version();
    // Drops Qt's notice that XDG_RUNTIME_DIR is unset (usual on servers, harmless for a report)
    // so that standard error holds only what concerns the user; every other message passes.
    static void quietHeadlessNotices();

    // A run id given to `option` (--run, --baseline-run): a positive whole number, else
    // nullopt and `error` says what was wrong. --export-trace's --run reads the same way.
    static std::optional<int64_t> parseRunId(const QString& text, const QString& option,
                                             QString& error);

    // Parses `arguments` (argv without the program name); a mistake is kept for run().
    explicit ReportCommand(const QStringList& arguments);

    // Reads the runs, writes the report, prints its path on `out` and returns Written; or
    // prints what is wrong on `err` (the file, the problem, what to do) and returns BadInput.
    // Needs a QApplication (the charts are widgets). Never writes into the recordings.
    int run(QTextStream& out, QTextStream& err) const;

    const QString& error() const { return error_; }  // the parse error, empty when none
    const QString& output() const { return output_; }
    const QString& recording() const { return recording_; }
    const QString& baseline() const { return baseline_; }
    std::optional<int64_t> runId() const { return runId_; }
    std::optional<int64_t> baselineRunId() const { return baselineRunId_; }
    // --runs: the runs compared as machines; empty without --runs, {} with `all` is allRuns().
    const std::vector<int64_t>& machineRuns() const { return machineRuns_; }
    bool allRuns() const { return allRuns_; }

  private:
    // --runs: the runs named, checked and read (throws the file's refusal).
    ReportInput machinesInput() const;

    QString error_;
    QString output_;
    QString recording_;
    QString baseline_;
    std::optional<int64_t> runId_;
    std::optional<int64_t> baselineRunId_;
    double equivalence_ = kDefaultEquivalence;    // --equivalence, as a fraction
    double accuracyLoss_ = kDefaultAccuracyLoss;  // --accuracy-loss, in points
    std::vector<int64_t> machineRuns_;            // --runs ID,...
    bool allRuns_ = false;                        // --runs all
    std::optional<FleetGoal> goal_;               // --goal
    double maxError_ = QualityBudget{}.maxError;  // --max-error, as a fraction
};

}  // namespace costscope
