// main() for the GoogleTest GUI tests: a QApplication on the offscreen platform, then the tests.
#include <gtest/gtest.h>

#include <QApplication>
#include <QTemporaryDir>

int main(int argc, char** argv) {
    // Also when run by hand, and for gtest_discover_tests, which sets no environment.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    // What the tests derive from Nsight Systems exports (NsysCache) goes into a folder of the
    // test's own, removed at exit, never into the user's ~/.cache.
    QTemporaryDir cache;
    if (qEnvironmentVariableIsEmpty("COSTSCOPE_CACHE_DIR") && cache.isValid()) {
        qputenv("COSTSCOPE_CACHE_DIR", cache.path().toLocal8Bit());
    }
    QApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
