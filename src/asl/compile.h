// asl::compile: definition text or value -> validated, immutable Machine.
// All problems are reported at once, each at its JSON pointer.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "asl/machine.h"
#include "json/value.h"

namespace stepwise::asl {

struct Diagnostic {
    std::string pointer;  // JSON pointer into the definition: /States/Charge/Retry/0/BackoffRate ("" = root)
    std::string code;     // AWS's category: SCHEMA_VALIDATION_FAILED, MISSING_TRANSITION_TARGET, ...
    std::string message;  // for a person: what is wrong and, where useful, what is allowed

    // AWS's wording: "SCHEMA_VALIDATION_FAILED: <message> at /States/X/Field".
    std::string to_string() const;
};

struct CompileOptions {
    // Values for `${Name}` placeholders (SAM/CloudFormation DefinitionSubstitutions),
    // applied to every string of the definition before compiling.
    std::map<std::string, std::string> substitutions;
};

struct CompileResult {
    std::shared_ptr<const Machine> machine;  // null when there are errors
    std::vector<Diagnostic> errors;
    bool ok() const { return machine != nullptr; }
};

CompileResult compile(const json::Value& definition, const CompileOptions& options = {});
// Parses the text first; a JSON syntax error becomes one Diagnostic at "".
CompileResult compile(std::string_view definition_text, const CompileOptions& options = {});
// Addition to the contract: the same for std::string and C strings, which
// would otherwise be ambiguous between the json::Value and text overloads.
inline CompileResult compile(const std::string& definition_text, const CompileOptions& options = {}) {
    return compile(std::string_view(definition_text), options);
}
inline CompileResult compile(const char* definition_text, const CompileOptions& options = {}) {
    return compile(std::string_view(definition_text), options);
}

// Replaces `${Name}` in every string (keys and values) with its substitution;
// placeholders without a value are left as written.
json::Value substitute(const json::Value& definition, const std::map<std::string, std::string>& substitutions);

}  // namespace stepwise::asl
