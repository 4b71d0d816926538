// Pattern text -> validated conjunctions (internal to Pattern::compile).
#pragma once

#include <vector>

#include "events/pattern/pattern.h"

namespace stepwise::events {

// Validates a parsed pattern and expands its `$or`s; throws PatternError.
std::vector<Conjunction> parse_pattern(const json::Value& pattern);

}  // namespace stepwise::events
