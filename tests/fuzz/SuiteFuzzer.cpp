// Fuzzes the suite parser: any text as a suite file. A valid suite expands to variants whose
// names and work can be computed; anything else is refused with SuiteError. Nothing may crash,
// hang or allocate without bound (a huge size is refused before any operand exists).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "profiler/suite/Suite.h"
#include "profiler/suite/SuiteError.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const costscope::Suite suite = costscope::parseSuite(text, "fuzz.json");
        double work = 0;
        for (const costscope::VariantSpec& spec : suite.variants) {
            work += double(spec.name().size()) + spec.flops();
        }
        volatile double sink = work;
        (void)sink;
    } catch (const costscope::SuiteError&) {
        // The refusal users see: file, line, column and what is wrong.
    }
    return 0;
}
