// What the Record dialog asks for, as costscope-record's command line, and where the recorder is.
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace costscope {

struct RecorderCommand {
    enum class Devices { CpuAndGpu, Cpu, Gpu };

    QString suite;  // a built-in suite name ("quick") or the path of a suite file (.json)
    Devices devices = Devices::CpuAndGpu;
    QString only;    // a glob on variant names (--only); empty: every variant
    QString output;  // the recording to write (--out); an existing recording gets a new run

    // The arguments after the program name. Progress comes as machine lines on stderr
    // ("progress <index> <total> <state> <name>", see profiler/recorder/Progress.h).
    QStringList arguments() const;

    // The suites built into costscope-record (resources/suites), smallest first.
    static QStringList builtinSuites();
    // The name the recorder stores for `suite`: a built-in name as is, a file by its stem.
    static QString suiteName(const QString& suite);
    // `directory`/<suite>-<YYYYmmdd-HHMMSS>.sqlite as the recorder names its default output,
    // with -2, -3 ... added when that file exists already (it would get a second run instead).
    static QString defaultOutput(const QString& directory, const QString& suite,
                                 const QDateTime& when);
    // Where new recordings go by default: recordings/ in the working directory when it can be
    // written (as scripts/run.sh and costscope-record do), else in the user's data directory.
    static QString recordingsDirectory();

    // costscope-record beside `applicationDir` (an installed or bundled pair), else on PATH,
    // else `buildPath` (this build tree's recorder); empty when none is an executable file.
    static QString findRecorder(const QString& applicationDir, const QString& buildPath);
    // findRecorder() for the running program and this build tree.
    static QString findRecorder();
};

}  // namespace costscope
