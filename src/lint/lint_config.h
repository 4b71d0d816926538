// Which rules run and how bad their findings are: the project file's "lint"
// section (docs/stepwise-json.md) and a state's own Comment.
//
//   "lint": {
//     "rules":  { "variable-unused": "off", "lambda-retry-missing": "error" },
//     "states": { "NotifyCustomer": ["lambda-retry-missing"] }
//   }
//
// A state (and everything inside it) may also switch rules off in its Comment,
// the one free-text field AWS allows: "... stepwise-lint-disable rule-a, rule-b
// -- why". The top-level Comment does the same for the whole definition.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include "json/value.h"
#include "lint/finding.h"

namespace stepwise::lint {

// A "lint" section that cannot be used; the message names the place
// (stepwise.json /lint/rules/varible-unused) and what is allowed.
class LintConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr std::string_view kDisableMarker = "stepwise-lint-disable";

struct LintConfig {
    // Rule id -> its severity; nullopt: switched off. Rules not named keep their default.
    std::map<std::string, std::optional<Severity>, std::less<>> rules;
    // State name -> rule ids switched off at that state and inside it.
    std::map<std::string, std::set<std::string, std::less<>>, std::less<>> states;

    // `section` is the project file's "lint" value (null: nothing set);
    // `source` names the file in messages. Unknown rule ids are errors, so a
    // misspelt rule never silently stays on.
    static LintConfig from_json(const json::Value& section, const std::string& source);
};

// The rule ids a Comment switches off: the words after kDisableMarker,
// separated by spaces or commas, up to "--" (the reason follows it), a word
// that cannot be a rule id, or the end of the line.
std::set<std::string, std::less<>> disabled_in_comment(std::string_view comment);

}  // namespace stepwise::lint
