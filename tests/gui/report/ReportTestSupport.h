// Helpers for the report tests: files as bytes, an RFC 4180 reader, raw SQLite, the CLI as a
// child process, and two-run fixtures loaded as the GUI loads them.
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <filesystem>
#include <string>
#include <vector>

#include "app/report/ReportInput.h"
#include "tests/gui/support/FixtureRecording.h"

namespace costscope::test {

std::string readBytes(const std::filesystem::path& path);
void writeBytes(const std::filesystem::path& path, const std::string& bytes);

// Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF); fails the test on malformed input.
std::vector<QStringList> parseCsv(const QString& text);

// Runs SQL on a file through the sqlite3 C API, outside the store.
void rawExec(const std::filesystem::path& path, const std::string& sql);

// Occurrences of `needle` in `haystack`.
qsizetype countOf(const QString& haystack, const QString& needle);

struct CliResult {
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QString err;
};

// The environment of a user without a display: no QT_QPA_PLATFORM, DISPLAY or WAYLAND_DISPLAY.
QProcessEnvironment environmentWithoutDisplay();
// Runs the built `costscope` with `arguments` and that environment; waits up to 60 s.
CliResult runCostscope(const QStringList& arguments);

// A baseline (timeScale 1.0) and a candidate (0.8, 20 % faster) in two files of `dir`.
struct TwoRuns {
    std::filesystem::path baselineFile;
    std::filesystem::path candidateFile;
    ReportInput input;
};
TwoRuns writeTwoRuns(const ScratchDir& dir, const std::string& hostileText = {});

QString qpath(const std::filesystem::path& path);

}  // namespace costscope::test
