// Fuzzes the price-list parser (costscope-record --prices): any text as a price file, checked
// against a machine's devices and priced for each of them as a run would be. Anything but a
// valid list is refused with SuiteError; nothing may crash, hang or allocate without bound.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "profiler/suite/PriceList.h"
#include "profiler/suite/SuiteError.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    static const std::vector<costscope::PricedDevice> machine = {{"cpu", "AMD EPYC 9654"},
                                                                 {"gpu", "NVIDIA H200"}};
    try {
        const costscope::PriceList prices = costscope::parsePriceList(text, "fuzz.json");
        costscope::checkPriceList(prices, machine, "node17");
        for (const costscope::PricedDevice& device : machine) {
            prices.priceOf(device.kind, device.name, "node17");
        }
    } catch (const costscope::SuiteError&) {
        // The refusal users see: file, line, column and what to write instead.
    }
    return 0;
}
