// `costscope --export-trace OUT.json FILE [--run ID]`: a run's timeline as a Chrome trace,
// headless and without a window (no QApplication needed), with the report's exit codes.
#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>
#include <cstdint>
#include <optional>

namespace costscope {

class TraceCommand {
  public:
    enum ExitCode : int { Written = 0, Internal = 1, BadInput = 2 };

    static bool isRequested(const QStringList& arguments);
    explicit TraceCommand(const QStringList& arguments);

    // Writes the trace and prints its path on `out`, or what is wrong on `err` (the file, the
    // problem, what to do). Never writes into the recording.
    int run(QTextStream& out, QTextStream& err) const;

    const QString& error() const { return error_; }

  private:
    QString error_;
    QString output_;
    QString input_;
    std::optional<int64_t> runId_;
};

}  // namespace costscope
