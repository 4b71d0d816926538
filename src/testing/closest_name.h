// "did you mean ...?" for a misspelled key or state name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stepwise::testing {

// The candidate closest to `name` by edit distance (case-insensitive), when it
// is close enough to be a likely misspelling; "" otherwise.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

// " (did you mean X?)" or "".
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace stepwise::testing
