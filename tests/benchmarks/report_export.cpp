// How long a two-run HTML report takes headless, as a user runs it: the built `costscope
// --report OUT.html RUN.sqlite --baseline BASE.sqlite` started as a child process with no
// display and no QT_QPA_PLATFORM, wall time from start to exit, one warm-up and then the median
// of N runs. The runs are synthetic fixture recordings (CPU and GPU variants, made-up figures)
// written through the store's own writer, or two real recordings. Not a test: numbers depend
// on the machine. See docs/benchmarks.md, "Report export".
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/gui/support/FixtureRecording.h"

namespace {

struct Options {
    int repeats = 5;
    int samples = 200;  // per variant: a real run at --min-time 0.25 s takes tens to hundreds
    std::string baseline;
    std::string candidate;
    std::string keep;      // copy the report here
    std::string fixtures;  // write the fixture runs here (kept) instead of a scratch folder
};

void usage(const char* program) {
    std::fprintf(
        stderr,
        "usage: %s [--repeats N] [--samples N] [--keep OUT.html] [--fixtures DIR]\n"
        "          [--baseline BASE.sqlite --candidate RUN.sqlite]\n"
        "  Times `costscope --report OUT.html RUN --baseline BASE` headless: one warm-up,\n"
        "  then the median of N runs (default 5). Without --baseline/--candidate it writes\n"
        "  two fixture runs (CPU+GPU, N samples per variant, default 200), in DIR if given.\n",
        program);
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        const bool hasValue = i + 1 < argc;
        if (argument == "--repeats" && hasValue) {
            options.repeats = std::max(1, std::atoi(argv[++i]));
        } else if (argument == "--samples" && hasValue) {
            options.samples = std::max(2, std::atoi(argv[++i]));
        } else if (argument == "--baseline" && hasValue) {
            options.baseline = argv[++i];
        } else if (argument == "--candidate" && hasValue) {
            options.candidate = argv[++i];
        } else if (argument == "--fixtures" && hasValue) {
            options.fixtures = argv[++i];
        } else if (argument == "--keep" && hasValue) {
            options.keep = argv[++i];
        } else {
            usage(argv[0]);
            return 2;
        }
    }
    if (options.baseline.empty() != options.candidate.empty()) {
        usage(argv[0]);
        return 2;
    }

    const costscope::test::ScratchDir dir;
    std::string baseline = options.baseline;
    std::string candidate = options.candidate;
    if (baseline.empty()) {
        const std::filesystem::path folder =
            options.fixtures.empty() ? dir.path() : std::filesystem::path(options.fixtures);
        std::filesystem::create_directories(folder);
        baseline = (folder / "baseline.sqlite").string();
        candidate = (folder / "candidate.sqlite").string();
        std::filesystem::remove(baseline);
        std::filesystem::remove(candidate);
        costscope::test::FixtureOptions fixture;
        fixture.samplesPerVariant = options.samples;
        fixture.timeScale = 1.0;
        fixture.seed = 1;
        costscope::test::writeFixtureRun(baseline, fixture);
        fixture.timeScale = 0.8;
        fixture.seed = 2;
        costscope::test::writeFixtureRun(candidate, fixture);
        std::printf("fixture runs: %d samples per variant, CPU and GPU variants\n",
                    options.samples);
    }
    std::printf("baseline  %s (%ju bytes)\ncandidate %s (%ju bytes)\n", baseline.c_str(),
                uintmax_t(std::filesystem::file_size(baseline)), candidate.c_str(),
                uintmax_t(std::filesystem::file_size(candidate)));

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    const QString out = QString::fromStdString(dir.file("report.html").string());
    const QStringList arguments = {QStringLiteral("--report"), out,
                                   QString::fromStdString(candidate), QStringLiteral("--baseline"),
                                   QString::fromStdString(baseline)};

    std::vector<double> seconds;
    for (int run = 0; run <= options.repeats; ++run) {
        QProcess process;
        process.setProcessEnvironment(environment);
        QElapsedTimer timer;
        timer.start();
        process.start(QStringLiteral(COSTSCOPE_EXECUTABLE), arguments);
        process.waitForFinished(120'000);
        const double elapsed = double(timer.nsecsElapsed()) / 1e9;
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            std::fprintf(stderr, "costscope failed (exit %d): %s\n", process.exitCode(),
                         process.readAllStandardError().constData());
            return 1;
        }
        std::printf("%s %d: %.3f s\n", run == 0 ? "warm-up" : "run    ", run, elapsed);
        if (run > 0) {
            seconds.push_back(elapsed);
        }
    }
    QFile report(out);
    report.open(QIODevice::ReadOnly);
    const QByteArray html = report.readAll();
    const qsizetype images = html.count("src=\"data:image/png;base64,");
    std::printf("report: %lld bytes, %lld embedded chart images\n", (long long)html.size(),
                (long long)images);
    if (!options.keep.empty()) {
        std::filesystem::copy_file(out.toStdString(), options.keep,
                                   std::filesystem::copy_options::overwrite_existing);
    }
    const double result = median(seconds);
    std::printf("median of %d: %.3f s (target < 3 s: %s)\n", options.repeats, result,
                result < 3.0 ? "met" : "NOT met");
    return 0;
}
