// XPath F&O 3.1 decimal-format pictures (fn:format-number) for $formatNumber.
#pragma once

#include <string>

#include "jsonata/value.h"

namespace stepwise::jsonata {

// `options` is an object overriding decimal-format properties
// (decimal-separator, grouping-separator, percent, zero-digit, ...).
// Throws D3080..D3093 for malformed pictures.
std::string format_number(double value, const std::string& picture, const Val& options);

}  // namespace stepwise::jsonata
