// costscope: the desktop application. `costscope [FILE.sqlite ...]` opens recordings.
#include <QApplication>

#include "app/MainWindow.h"

using namespace Qt::StringLiterals;

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"costscope"_s);
    QApplication::setApplicationName(u"costscope"_s);
    costscope::MainWindow window;
    QStringList files = QApplication::arguments();
    files.removeFirst();
    window.openFiles(files);
    window.show();
    return QApplication::exec();
}
