// The advance of a wrapping counter.
#include "profiler/energy/EnergyCounter.h"

namespace costscope {

std::optional<uint64_t> counterAdvance(uint64_t before, uint64_t after, uint64_t modulus) {
    if (after >= before) {
        return after - before;
    }
    if (modulus == 0 || before >= modulus) {
        return std::nullopt;
    }
    const uint64_t wrapped = (modulus - before) + after;
    return wrapped < modulus / 2 ? std::optional<uint64_t>(wrapped) : std::nullopt;
}

}  // namespace costscope
