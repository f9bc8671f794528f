// Fuzzes reading an Nsight Systems export whose values are hostile (MutatedRecording over an
// nsys-shaped template: two processes, NVTX push/pop and start/end ranges, runtime calls, kernels,
// copies, memsets and memory events, changed cell by cell by the input), read whole through
// NsysExport as the GUI and the reports read it. Refusals are answers; a crash, hang or unbounded
// allocation is a bug.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "profiler/nsys/NsysExport.h"
#include "profiler/store/StoreError.h"
#include "profiler/store/TimelineRows.h"
#include "profiler/store/TimelineSummary.h"
#include "tests/fuzz/MutatedRecording.h"
#include "tests/fuzz/ReadRecording.h"
#include "tests/support/NsysFixture.h"

namespace {

using costscope::test::NsysFixture;

std::unique_ptr<costscope::fuzz::MutatedRecording> profile;

void writeTemplate(const std::filesystem::path& path) {
    NsysFixture fixture(path);
    const uint64_t main = NsysFixture::globalTid(100, 101);
    const uint64_t other = NsysFixture::globalTid(200, 201);
    fixture.domain(main, 3, "serving");
    int64_t correlation = 1;
    for (int step = 0; step < 3; ++step) {
        const int64_t t = 1000 + step * 1000;
        fixture.pushPop(main, t, t + 800, "step", step % 2 == 0, step == 2 ? 3 : 0);
        fixture.pushPop(main, t + 100, t + 300, "forward");
        fixture.startEnd(other, t, t + 900, "request");
        for (const uint64_t thread : {main, other}) {
            fixture.runtimeCall(thread, t + 150, t + 160, correlation);
            fixture.kernel({.start = t + 200,
                            .end = t + 250,
                            .correlationId = correlation++,
                            .globalPid = thread & ~uint64_t(0xFFFFFF),
                            .streamId = 7 + step % 2});
        }
        fixture.copy(t + 400, t + 450, 4096, 1 + step % 2);
        fixture.memset(t + 500, t + 510, 512);
    }
    fixture.memoryEvent(900, 1 << 20, 0);
    fixture.memoryEvent(4000, 1 << 20, 1);
    fixture.pushPop(main, 5000, -1, "never ended");
    fixture.finish();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    profile = std::make_unique<costscope::fuzz::MutatedRecording>(writeTemplate);
    return profile->ready() ? 0 : 1;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto path = profile->write(data, size);
    try {
        const costscope::NsysExport read(path, costscope::fuzz::kReadLimit);
        for (const costscope::RunRow& run : read.runs()) {
            read.devices(run.id);
            read.kernelSummary(run.id);
            // The timeline as the GUI reads it: summarised, then windows by rowid, then the rest.
            const costscope::TimelineSummary summary =
                costscope::TimelineSummary::of(read.timeline(run.id));
            for (const costscope::TimelineLaneSummary& lane : summary.lanes) {
                const costscope::TimelineLaneSummary::Level& level = lane.levels.front();
                if (level.size() > 0) {
                    read.timelineWindow(run.id, {.kind = lane.kind,
                                                 .firstRow = level.firstRow.front(),
                                                 .lastRow = level.lastRow.back()});
                }
            }
            read.timelineBase(run.id);
            for (const costscope::VariantSummaryRow& variant : read.variantSummary(run.id)) {
                read.samples(variant.variantId);
            }
        }
    } catch (const costscope::StoreError&) {
    }
    return 0;
}
