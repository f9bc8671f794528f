// Parsing --export-trace, choosing the run, writing the trace.
#include "app/trace/TraceCommand.h"

#include <QFileInfo>
#include <algorithm>
#include <exception>

#include "app/core/RunLoader.h"
#include "app/report/ReportCommand.h"
#include "app/trace/TraceExport.h"

using namespace Qt::StringLiterals;

namespace costscope {

bool TraceCommand::isRequested(const QStringList& arguments) {
    for (const QString& argument : arguments) {
        if (argument == u"--export-trace" || argument.startsWith(u"--export-trace="_s)) {
            return true;
        }
    }
    return false;
}

TraceCommand::TraceCommand(const QStringList& arguments) {
    QStringList positional;
    for (qsizetype i = 0; i < arguments.size() && error_.isEmpty(); ++i) {
        const QString& argument = arguments[i];
        QString option;
        for (const QString& name : {u"--export-trace"_s, u"--run"_s}) {
            if (argument == name || argument.startsWith(name + u"="_s)) {
                option = name;
            }
        }
        if (option.isEmpty()) {
            if (argument.startsWith(u"-"_s) && argument != u"-") {
                error_ = u"Unknown option '"_s + argument + u"' for --export-trace."_s;
            }
            positional << argument;
            continue;
        }
        QString value;
        if (argument.size() > option.size()) {
            value = argument.mid(option.size() + 1);
        } else if (i + 1 < arguments.size()) {
            value = arguments[++i];
        } else {
            error_ = option + u" needs a value."_s;
            break;
        }
        if (option == u"--run"_s) {
            runId_ = ReportCommand::parseRunId(value, option, error_);
        } else {
            output_ = value;
        }
    }
    if (!error_.isEmpty()) {
        return;
    }
    if (output_.isEmpty()) {
        error_ = u"--export-trace needs the trace's file name (OUT.json)."_s;
    } else if (positional.size() != 1) {
        error_ = u"Name one recording or Nsight Systems export: costscope --export-trace "_s +
                 output_ + u" FILE.sqlite [--run ID]."_s;
    } else {
        input_ = positional.front();
    }
}

int TraceCommand::run(QTextStream& out, QTextStream& err) const {
    const auto refuse = [&err](const QString& message) {
        err << "costscope: " << message << Qt::endl;
        return int(BadInput);
    };
    if (!error_.isEmpty()) {
        return refuse(error_ + u" See costscope --help."_s);
    }
    const QFileInfo folder(QFileInfo(output_).absolutePath());
    if (!folder.isDir()) {
        return refuse(u"Cannot write the trace '"_s + output_ + u"': the folder '"_s +
                      folder.filePath() + u"' does not exist. Create it or choose another."_s);
    }
    if (QFileInfo(output_).canonicalFilePath() == QFileInfo(input_).canonicalFilePath() &&
        QFileInfo::exists(input_)) {
        return refuse(u"Cannot write the trace over its own input '"_s + input_ +
                      u"'. Name another file, such as trace.json."_s);
    }
    try {
        RunData run;
        try {
            const FileData file = loadFile(input_.toStdString());
            const int64_t runId = runId_ ? *runId_ : newestRunId(file);
            const auto listed =
                std::find_if(file.runs.begin(), file.runs.end(),
                             [runId](const RunRow& row) { return row.id == runId; });
            if (file.imported && listed != file.runs.end()) {
                // An export's trace needs its run and GPUs only: its variants, the NVTX
                // attribution over every runtime call and kernel (an export's costliest read),
                // are drawn from the rows as ranges, not as spans.
                run.path = file.path;
                run.schemaVersion = file.schemaVersion;
                run.format = file.format;
                run.imported = true;
                run.run = *listed;
                run.devices = file.devices.at(runId);
            } else {
                run = loadRun(input_.toStdString(), runId);
            }
        } catch (const std::exception& error) {
            return refuse(describeLoadFailure(input_, error));
        }
        const QString error = exportRunTrace(run, output_);
        if (!error.isEmpty()) {
            return refuse(error);
        }
    } catch (const std::exception& error) {
        err << "costscope: unexpected failure while writing " << output_ << ": " << error.what()
            << ". Please report this." << Qt::endl;
        return Internal;
    }
    out << QFileInfo(output_).absoluteFilePath() << Qt::endl;
    return Written;
}

}  // namespace costscope
