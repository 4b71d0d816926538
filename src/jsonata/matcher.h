// The matcher protocol: a regex (or any function following jsonata-js's
// protocol, returning {match, start, end, groups, next}) applied to a string.
#pragma once

#include <string>
#include <vector>

#include "jsonata/context.h"
#include "jsonata/value.h"

namespace stepwise::jsonata {

struct MatchInfo {
    size_t start = 0;  // byte offsets
    size_t end = 0;
    std::string match;
    std::vector<Val> groups;
    size_t index_units = 0;  // start in UTF-16 units (as JS reports it)
};

// All matches, at most `limit` (negative = no limit). Throws D1004 when a
// regex matches the empty string, T1010 when a matcher function misbehaves.
std::vector<MatchInfo> find_matches(Context& ctx, const Val& matcher, const std::string& subject, long limit);

}  // namespace stepwise::jsonata
