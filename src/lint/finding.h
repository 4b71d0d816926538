// One thing `stepwise lint` found: which rule, how bad, where (a JSON pointer
// into the definition and its line and column in the file), what is wrong and
// how to fix it in one line.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "json/source_map.h"

namespace stepwise::lint {

// SARIF's levels, lowest first.
enum class Severity { Note, Warning, Error };

std::string_view severity_name(Severity severity);  // "note", "warning", "error"
std::optional<Severity> parse_severity(std::string_view name);

struct Finding {
    std::string rule;   // "variable-undefined"; AWS's diagnostic code (SCHEMA_VALIDATION_FAILED) for what AWS refuses
    Severity severity = Severity::Warning;
    std::string pointer;  // JSON pointer into the definition ("" = the whole definition)
    std::string message;  // what is wrong, naming the state and field
    std::string hint;     // one line: how to fix it ("" when the message says it)
    json::SourcePosition position;  // where `pointer` (or its nearest written parent) is in the file; 0 = unknown
};

}  // namespace stepwise::lint
