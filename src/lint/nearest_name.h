// "Did you mean": the known name closest to a misspelt one, for the hints of
// the variable, JSONata and data rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::lint {

// The candidate at the smallest edit distance from `name` (one edit for a name
// of up to five characters, two for longer ones), or nullopt when none is that
// close; case differences do not count. Ties go to the earlier candidate.
std::optional<std::string> nearest_name(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace stepwise::lint
