// Parsing --export-trace, choosing the run, writing the trace.
#include "app/trace/TraceCommand.h"

#include <QFileInfo>
#include <exception>

#include "app/core/RunLoader.h"
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
        QString* target = nullptr;
        QString option;
        for (const QString name : {u"--export-trace"_s, u"--run"_s}) {
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
            bool ok = false;
            const qlonglong id = value.toLongLong(&ok);
            if (!ok || id <= 0) {
                error_ =
                    u"--run needs a run id (a positive whole number), not '"_s + value + u"'."_s;
            }
            runId_ = int64_t(id);
        } else {
            target = &output_;
            *target = value;
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
            run = loadRun(input_.toStdString(), runId_ ? *runId_ : newestRunId(file));
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
