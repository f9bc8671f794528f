// costscope: the desktop application. `costscope [FILE.sqlite ...]` opens recordings;
// `costscope --report OUT RUN.sqlite ...` writes a report headless (see ReportCommand).
#include <QApplication>
#include <QTextStream>
#include <cstdio>

#include "app/MainWindow.h"
#include "app/report/ReportCommand.h"

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
    QStringList files = QApplication::arguments().mid(1);
    // --view NAME: the tab shown first ("trade-off", "timeline", ...).
    const qsizetype view = files.indexOf(u"--view"_s);
    if (view >= 0 && view + 1 < files.size()) {
        const QString name = files.takeAt(view + 1);
        files.removeAt(view);
        if (!window.showTab(name)) {
            QTextStream(stderr) << "costscope: no view named " << name << "\n";
            return 2;
        }
    }
    // --baseline BASE.sqlite FILE.sqlite: compare FILE's newest run with BASE's.
    const qsizetype baseline = files.indexOf(u"--baseline"_s);
    if (baseline >= 0) {
        if (baseline + 1 >= files.size() || files.size() != 3) {
            QTextStream(stderr) << "costscope: --baseline BASE.sqlite takes one other file\n";
            return 2;
        }
        const QString base = files.takeAt(baseline + 1);
        files.removeAt(baseline);
        window.openComparison(base, files.first());
    } else {
        window.openFiles(files);
    }
    window.show();
    return QApplication::exec();
}
