// Comparing what a case expected with what the run produced: equality or
// inclusion, with every difference listed by JSON pointer, so a failure reads
//   /cancellation/status: expected "CANCELLED", got "REJECTED"
//   /refund: missing
#pragma once

#include <string>
#include <vector>

#include "json/value.h"

namespace stepwise::testing {

struct JsonDifference {
    std::string pointer;  // "" for the whole value
    std::string message;  // "expected 1, got 2", "missing", "not expected"
};

// Every difference between `actual` and `expected` (empty when equal; numbers by value).
std::vector<JsonDifference> json_differences(const json::Value& expected, const json::Value& actual);

// The differences that keep `actual` from including `expected`: objects need
// the listed members (recursively), everything else must be equal.
std::vector<JsonDifference> json_exclusions(const json::Value& expected, const json::Value& actual);

// Up to `limit` differences, one per line, indented by two spaces.
std::string format_differences(const std::vector<JsonDifference>& differences, size_t limit = 12);

// A value in one line, cut to `width` characters with "…".
std::string brief(const json::Value& value, size_t width = 80);

}  // namespace stepwise::testing
