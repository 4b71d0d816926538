// "Did you mean": the known name nearest to a misspelled one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stepwise::testing {

// The candidate with the fewest single-character edits from `name` (a change
// of case counting half), if close enough to be a likely slip: at most half
// the longer name's length, and one edit always. "" when none is.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

// " (did you mean X?)", or "" when no candidate is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

// "A, B, C" (the first `limit`, then "…"); "none" when empty.
std::string name_list(const std::vector<std::string>& names, size_t limit = 12);

}  // namespace stepwise::testing
