// Choice rule evaluation (JSONPath mode): every comparison operator, And/Or/Not,
// the Is* type tests, and the *Path variants.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
#pragma once

#include "asl/machine.h"
#include "engine/core.h"

namespace stepwise::engine {

// True when `rule` holds for `input` (the Choice state's effective input).
// Throws StateError (States.Runtime, "Invalid path '$.x': The choice state's
// condition path references an invalid value.") when a path a comparison needs
// selects nothing.
bool evaluate_choice_rule(Core& core, Frame& f, const asl::ChoiceRule& rule, const json::Value& input);

// StringMatches: `*` matches any run of characters; `\*` and `\\` are literal.
bool string_matches(std::string_view text, std::string_view pattern);

}  // namespace stepwise::engine
