// Fuzzes reading a well-formed recording whose values are hostile (MutatedRecording: a fixture
// run with GPU activity, written by the store's writer, changed by the input), read whole through
// Recording as the GUI and the reports read it. Refusals are answers; a crash, hang or unbounded
// allocation is a bug.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "tests/fuzz/MutatedRecording.h"
#include "tests/fuzz/ReadRecording.h"
#include "tests/gui/support/FixtureRecording.h"

namespace {

std::unique_ptr<costscope::fuzz::MutatedRecording> recording;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // The template: one CPU and GPU run of every kind of variant, with samples and activity.
    recording = std::make_unique<costscope::fuzz::MutatedRecording>(
        [](const auto& path) { costscope::test::writeFixtureRun(path, {.samplesPerVariant = 5}); });
    return recording->ready() ? 0 : 1;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    costscope::fuzz::readWholeRecording(recording->write(data, size));
    return 0;
}
