// The `numeric` operator: ["=", n], [">", n], [">=", n], ["<", n], ["<=", n]
// or a range [">" | ">=", low, "<" | "<=", high]. Values compare as doubles.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
#pragma once

#include <limits>

#include "json/value.h"

namespace stepwise::events {

struct NumericRange {
    double low = -std::numeric_limits<double>::infinity();
    double high = std::numeric_limits<double>::infinity();
    bool low_inclusive = false;
    bool high_inclusive = false;

    // Parses the operand of `numeric`; throws PatternError with AWS's wording.
    static NumericRange parse(const json::Value& operand);

    bool contains(double value) const {
        if (value < low || (value == low && !low_inclusive)) return false;
        if (value > high || (value == high && !high_inclusive)) return false;
        return true;
    }
};

}  // namespace stepwise::events
