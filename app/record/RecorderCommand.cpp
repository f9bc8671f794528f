// RecorderCommand: the recorder's options and file names, kept in step with RecorderOptions.cpp.
#include "app/record/RecorderCommand.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace costscope {

QStringList RecorderCommand::arguments() const {
    QStringList args{u"--suite"_s, suite, u"--out"_s, output, u"--devices"_s};
    switch (devices) {
        case Devices::CpuAndGpu:
            args << u"cpu,gpu"_s;
            break;
        case Devices::Cpu:
            args << u"cpu"_s;
            break;
        case Devices::Gpu:
            args << u"gpu"_s;
            break;
    }
    if (!only.isEmpty()) {
        args << u"--only"_s << only;
    }
    args << u"--progress"_s << u"machine"_s;
    return args;
}

QStringList RecorderCommand::builtinSuites() {
    // The names costscope-record accepts for the files compiled into it (docs/suites.md).
    return {u"quick"_s, u"standard"_s, u"full"_s};
}

QString RecorderCommand::suiteName(const QString& suite) {
    if (builtinSuites().contains(suite)) {
        return suite;
    }
    const QString stem = QFileInfo(suite).completeBaseName();
    return stem.isEmpty() ? u"suite"_s : stem;
}

QString RecorderCommand::defaultOutput(const QString& directory, const QString& suite,
                                       const QDateTime& when) {
    const QString stem = suiteName(suite) % u'-' % when.toString(u"yyyyMMdd-HHmmss"_s);
    const QDir dir(directory);
    QString path = dir.filePath(stem % u".sqlite"_s);
    for (int n = 2; QFileInfo::exists(path); ++n) {
        path = dir.filePath(stem % u'-' % QString::number(n) % u".sqlite"_s);
    }
    return path;
}

QString RecorderCommand::recordingsDirectory() {
    const QFileInfo cwd(QDir::currentPath());
    if (cwd.isWritable() && !cwd.isRoot()) {
        return QDir::current().filePath(u"recordings"_s);
    }
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(u"recordings"_s);
}

QString RecorderCommand::findRecorder(const QString& applicationDir, const QString& buildPath) {
    const QString name = u"costscope-record"_s;
    auto executable = [](const QString& path) {
        const QFileInfo info(path);
        return info.isFile() && info.isExecutable();
    };
    if (const QString beside = QDir(applicationDir).filePath(name); executable(beside)) {
        return beside;
    }
    if (QString onPath = QStandardPaths::findExecutable(name); !onPath.isEmpty()) {
        return onPath;
    }
    if (!buildPath.isEmpty() && executable(buildPath)) {
        return buildPath;
    }
    return {};
}

QString RecorderCommand::findRecorder() {
    return findRecorder(QCoreApplication::applicationDirPath(),
                        QString::fromUtf8(COSTSCOPE_RECORDER_BUILD_PATH));
}

}  // namespace costscope
