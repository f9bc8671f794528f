// costscope: the desktop application. `costscope [FILE.sqlite ...]` opens recordings;
// `costscope --report OUT RUN.sqlite ...` writes a report headless (see ReportCommand);
// `costscope --export-trace OUT.json FILE` writes its timeline as a Chrome trace (TraceCommand).
#include <QApplication>
#include <QTextStream>
#include <cstdio>

#include "app/MainWindow.h"
#include "app/report/ReportCommand.h"
#include "app/trace/TraceCommand.h"

using namespace Qt::StringLiterals;

int main(int argc, char** argv) {
    QStringList arguments;
    for (int i = 1; i < argc; ++i) {
        arguments << QString::fromLocal8Bit(argv[i]);
    }
    if (arguments.contains(u"--help"_s) || arguments.contains(u"-h"_s)) {
        QTextStream(stdout) << costscope::ReportCommand::usage();
        return 0;
    }
    if (arguments.contains(u"--version"_s)) {
        QTextStream(stdout) << costscope::ReportCommand::version();
        return 0;
    }
    if (costscope::TraceCommand::isRequested(arguments)) {
        // Reading a run and writing text: no window, so no QApplication and no display.
        QTextStream out(stdout);
        QTextStream err(stderr);
        return costscope::TraceCommand(arguments).run(out, err);
    }
    if (costscope::ReportCommand::isRequested(arguments)) {
        // A report needs no display: the platform is read when QApplication is constructed, so
        // choose offscreen before that unless the user chose one that can work here.
        const bool noDisplay = qEnvironmentVariableIsEmpty("DISPLAY") &&
                               qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || noDisplay) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
        }
        costscope::ReportCommand::quietHeadlessNotices();
        QApplication app(argc, argv);
        QApplication::setOrganizationName(u"costscope"_s);
        QApplication::setApplicationName(u"costscope"_s);
        QTextStream out(stdout);
        QTextStream err(stderr);
        // Qt's own options (-platform ...) are gone from arguments() by now.
        const costscope::ReportCommand command(QApplication::arguments().mid(1));
        return command.run(out, err);
    }

    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"costscope"_s);
    QApplication::setApplicationName(u"costscope"_s);
    costscope::MainWindow window;
    // Qt's own options (-platform ...) are gone from arguments() by now.
    const QString error = window.openArguments(QApplication::arguments().mid(1));
    if (!error.isEmpty()) {
        QTextStream(stderr) << error << "\n";
        return 2;
    }
    window.show();
    return QApplication::exec();
}
