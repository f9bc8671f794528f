// The report tests' helpers.
#include "tests/gui/report/ReportTestSupport.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <QProcess>
#include <fstream>
#include <sstream>

#include "app/core/RunLoader.h"

using namespace Qt::StringLiterals;

namespace costscope::test {

std::string readBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

void writeBytes(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

std::vector<QStringList> parseCsv(const QString& text) {
    std::vector<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text[i + 1] == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == u'"') {
            EXPECT_FALSE(fieldStarted) << "a quote inside an unquoted field at " << i;
            quoted = true;
            fieldStarted = true;
        } else if (c == u',') {
            record << field;
            field.clear();
            fieldStarted = false;
        } else if (c == u'\r') {
            EXPECT_TRUE(i + 1 < text.size() && text[i + 1] == u'\n') << "a bare CR at " << i;
        } else if (c == u'\n') {
            record << field;
            records.push_back(record);
            record.clear();
            field.clear();
            fieldStarted = false;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    EXPECT_FALSE(quoted) << "an unterminated quoted field";
    if (fieldStarted || !record.isEmpty()) {
        record << field;
        records.push_back(record);
    }
    return records;
}

void rawExec(const std::filesystem::path& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
}

qsizetype countOf(const QString& haystack, const QString& needle) {
    return haystack.count(needle);
}

QProcessEnvironment environmentWithoutDisplay() {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"QT_QPA_PLATFORM"_s);
    environment.remove(u"DISPLAY"_s);
    environment.remove(u"WAYLAND_DISPLAY"_s);
    return environment;
}

CliResult runCostscope(const QStringList& arguments) {
    QProcess process;
    process.setProcessEnvironment(environmentWithoutDisplay());
    process.start(QStringLiteral(COSTSCOPE_EXECUTABLE), arguments);
    CliResult result;
    if (!process.waitForStarted(10'000)) {
        ADD_FAILURE() << "costscope did not start: " << process.errorString().toStdString();
        return result;
    }
    if (!process.waitForFinished(60'000)) {
        process.kill();
        process.waitForFinished();
        ADD_FAILURE() << "costscope did not finish within 60 s";
    }
    result.crashed = process.exitStatus() != QProcess::NormalExit;
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

TwoRuns writeTwoRuns(const ScratchDir& dir, const std::string& hostileText) {
    TwoRuns runs;
    runs.baselineFile = dir.file("baseline.sqlite");
    runs.candidateFile = dir.file("candidate.sqlite");
    FixtureOptions baseline;
    baseline.timeScale = 1.0;
    baseline.seed = 1;
    baseline.hostileText = hostileText;
    FixtureOptions candidate = baseline;
    candidate.timeScale = 0.8;
    candidate.seed = 2;
    const int64_t baselineId = writeFixtureRun(runs.baselineFile, baseline);
    const int64_t candidateId = writeFixtureRun(runs.candidateFile, candidate);
    runs.input.baseline = std::make_shared<const RunData>(loadRun(runs.baselineFile, baselineId));
    runs.input.candidate =
        std::make_shared<const RunData>(loadRun(runs.candidateFile, candidateId));
    return runs;
}

QString qpath(const std::filesystem::path& path) {
    return QString::fromStdString(path.string());
}

}  // namespace costscope::test
