// Fuzzes the layer above Recording with a hostile recording (MutatedRecording: two fixture runs,
// a baseline and a 20 % faster candidate, changed by the input): what the GUI and the reports do
// with a file once it opens. The run browser's listing, each run loaded whole, its headline, the
// two runs compared, the timeline's lanes, and the report shaped with its charts drawn (as File ▸
// Export Report and `costscope --report` draw them) and written as HTML, Markdown and CSV.
// Refusals (StoreError) are answers; a crash, hang or unbounded allocation is a bug.
#include <QApplication>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "app/comparison/RunComparison.h"
#include "app/core/RunLoader.h"
#include "app/headline/Headline.h"
#include "app/report/CsvReport.h"
#include "app/report/HtmlReport.h"
#include "app/report/MarkdownReport.h"
#include "app/report/ReportDocument.h"
#include "app/timeline/TimelineModel.h"
#include "tests/fuzz/MutatedRecording.h"
#include "tests/fuzz/ReadRecording.h"
#include "tests/gui/support/FixtureRecording.h"

namespace {

std::unique_ptr<costscope::fuzz::MutatedRecording> recording;

void report(const costscope::ReportInput& input, costscope::ReportCharts charts) {
    const costscope::ReportDocument document = costscope::makeReportDocument(input, charts);
    // HTML with drawn charts spends most of its time in libpng and zlib, encoding the images;
    // its text is the same with or without them.
    if (charts == costscope::ReportCharts::Skip) {
        costscope::htmlReport(document);
    }
    costscope::markdownReport(document);
    costscope::csvReport(document);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    // The charts are widgets: an application on the offscreen platform, as the tests and the
    // headless --report use.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static QApplication application(*argc, *argv);
    recording = std::make_unique<costscope::fuzz::MutatedRecording>([](const auto& path) {
        costscope::test::writeFixtureRun(path, {.samplesPerVariant = 5});
        // The candidate with energy and prices, the baseline without: both sides of every
        // energy and money column, and the reasons where one side has none.
        costscope::test::writeFixtureRun(
            path, {.timeScale = 0.8, .seed = 2, .samplesPerVariant = 5, .withCosts = true});
    });
    return recording->ready() ? 0 : 1;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace costscope;
    if (size == 0) {
        return 0;
    }
    // The first byte chooses whether this input's charts are drawn: drawing costs most of an
    // input's time, and the shaping before it deserves as many inputs.
    const bool draw = data[0] % 4 == 0;
    const auto path = recording->write(data + 1, size - 1);
    try {
        const FileData file = loadFile(path);
        RunDataPtr previous;
        for (const RunRow& run : file.runs) {
            const auto loaded = std::make_shared<const RunData>(loadRun(path, run.id));
            makeHeadline(*loaded);
            reasonGroups(*loaded);
            if (previous) {
                const RunComparison comparison = compareRuns(previous, loaded);
                makeHeadline(*loaded, &comparison);
            }
            report({.candidate = loaded, .baseline = previous},
                   draw ? ReportCharts::Render : ReportCharts::Skip);
            const Recording timeline(path, fuzz::kReadLimit);
            TimelineModel(timeline.timeline(run.id), loaded->variants, loaded->run.collector);
            previous = loaded;
        }
    } catch (const StoreError&) {
    }
    return 0;
}
