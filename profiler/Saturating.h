// Sums that a damaged recording's values cannot overflow: held at the int64 limits instead.
#pragma once

#include <cstdint>
#include <limits>

namespace costscope {

inline int64_t saturatingAdd(int64_t a, int64_t b) {
    int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) {
        return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
    }
    return sum;
}

}  // namespace costscope
