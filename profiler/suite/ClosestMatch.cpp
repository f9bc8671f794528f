// Levenshtein distance over bytes, one row at a time: names are short.
#include "profiler/suite/ClosestMatch.h"

#include <algorithm>
#include <cstddef>

namespace costscope {
namespace {

// A misspelling further away than this is more likely another word than a typo.
constexpr std::size_t kMaxEdits = 2;

std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::optional<std::string_view> closestMatch(std::string_view given,
                                             const std::vector<std::string_view>& known) {
    std::optional<std::string_view> best;
    std::size_t bestDistance = kMaxEdits + 1;
    for (const std::string_view candidate : known) {
        const std::size_t distance = editDistance(given, candidate);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = candidate;
        }
    }
    return best;
}

}  // namespace costscope
