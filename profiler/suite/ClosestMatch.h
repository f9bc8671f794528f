// Did-you-mean for names people type: the known name nearest to one that is not known.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace costscope {

// The name of `known` the fewest edits (insertions, deletions, substitutions) away from
// `given`, the first of equals; none when that is more than two edits, so that only a plausible
// meaning is offered ("sizse" -> "sizes", "standrd" -> "standard", "repeat" -> none).
std::optional<std::string_view> closestMatch(std::string_view given,
                                             const std::vector<std::string_view>& known);

}  // namespace costscope
