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

// end - start of a span: 0 when a damaged file's end is not after its start, held at the int64
// limit when the two are further apart than an int64 holds.
inline int64_t saturatingDuration(int64_t start, int64_t end) {
    int64_t duration = 0;
    if (end <= start) {
        return 0;
    }
    return __builtin_sub_overflow(end, start, &duration) ? std::numeric_limits<int64_t>::max()
                                                         : duration;
}

}  // namespace costscope
