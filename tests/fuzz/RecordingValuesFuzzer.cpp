// Fuzzes reading a well-formed recording whose values are hostile (MutatedRecording: a fixture
// run with GPU activity and its timeline cache, written by the store's writer, changed by the
// input), read whole through Recording as the GUI and the reports read it. Refusals are answers;
// a crash, hang or unbounded allocation is a bug.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "profiler/store/Recording.h"
#include "profiler/store/TimelineCache.h"
#include "tests/fuzz/MutatedRecording.h"
#include "tests/fuzz/ReadRecording.h"
#include "tests/gui/support/FixtureRecording.h"

namespace {

std::unique_ptr<costscope::fuzz::MutatedRecording> recording;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // The template: one CPU and GPU run of every kind of variant, with samples and activity,
    // and its timeline cache, as the GUI writes it on first open.
    recording = std::make_unique<costscope::fuzz::MutatedRecording>([](const auto& path) {
        const int64_t run = costscope::test::writeFixtureRun(path, {.samplesPerVariant = 5});
        const costscope::Recording recording(path);
        const costscope::TimelineRows rows = recording.timeline(run);
        costscope::TimelineCache::store(path, run, costscope::TimelineSummary::of(rows), rows,
                                        recording.kernelSummary(run));
    });
    return recording->ready() ? 0 : 1;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    costscope::fuzz::readWholeRecording(recording->write(data, size));
    return 0;
}
