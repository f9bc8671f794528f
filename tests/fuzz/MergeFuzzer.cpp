// Fuzzes costscope-merge on a well-formed recording whose values are hostile (MutatedRecording:
// a fixture run with GPU activity, written by the store's writer, changed by the input): merged
// into a new file, which must then read as a recording, and merged again, which must add
// nothing. A refusal (MergeError, StoreError) is an answer; a crash, a hang, an output that
// does not read or a second merge that writes are bugs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "profiler/merge/RecordingMerge.h"
#include "tests/fuzz/FuzzSupport.h"
#include "tests/fuzz/MutatedRecording.h"
#include "tests/fuzz/ReadRecording.h"
#include "tests/gui/support/FixtureRecording.h"

namespace {

std::unique_ptr<costscope::fuzz::MutatedRecording> recording;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    recording = std::make_unique<costscope::fuzz::MutatedRecording>(
        [](const auto& path) { costscope::test::writeFixtureRun(path, {.samplesPerVariant = 5}); });
    return recording->ready() ? 0 : 1;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace costscope;
    const std::filesystem::path input = recording->write(data, size);
    const std::filesystem::path out = fuzz::scratchPath("merged.sqlite");
    std::filesystem::remove(out);
    const MergeRequest request{.out = out.string(), .inputs = {input.string()}};
    try {
        mergeRecordings(request);
    } catch (const MergeError&) {
        return 0;
    } catch (const StoreError&) {
        return 0;
    }
    fuzz::readWholeRecording(out);
    try {
        if (mergeRecordings(request).written)
            std::abort();  // the output held every run already: nothing may be added
    } catch (const MergeError&) {
    } catch (const StoreError&) {
    }
    return 0;
}
