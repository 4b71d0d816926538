// JSON text output: compact (as AWS returns payloads) and indented (for people).
#pragma once

#include <string>

#include "json/value.h"

namespace stepwise::json {

// A double as ECMAScript's Number.prototype.toString writes it: the shortest
// text that reads back as the same double (`3`, `0.1`, `1e+21`, `1.5e-7`).
// NaN and infinities, which JSON cannot hold, come out as `null`.
std::string format_double(double d);
void append_double(std::string& out, double d);

// Compact JSON: no spaces, keys in insertion order, non-ASCII text kept as is.
std::string dump(const Value& v);
void dump_to(std::string& out, const Value& v);

// Indented JSON (`indent` spaces per level), for terminals and files.
std::string pretty(const Value& v, int indent = 2);

// A JSON string literal, quotes included.
void append_quoted(std::string& out, std::string_view s);
std::string quoted(std::string_view s);

}  // namespace stepwise::json
