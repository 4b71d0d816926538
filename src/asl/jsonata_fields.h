// Every JSONata value a compiled state evaluates, in field order, with where
// it is written and when it is evaluated: what variable reads and lint's
// JSONata rules walk.
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "asl/machine.h"

namespace stepwise::asl {

// Which part of a state evaluates the value (what `$states` holds there).
enum class JsonataPlace {
    StateResult,  // the state's own Output or Assign, evaluated after its work ($states.result)
    Catcher,      // a Catcher's Output or Assign, evaluated after an error ($states.errorOutput)
    Other,        // Arguments, Items, Condition, a Choice rule's Output or Assign, Seconds, ...
};

struct JsonataField {
    std::string_view field;  // "Output", "Assign", "Arguments", "Condition", ...
    std::string pointer;     // the field: /States/A/Output, /States/A/Choices/0/Assign
    JsonataPlace place;
    const JsonataNode& value;  // its expressions are at pointer + node.where
};

// The state's own fields (not those of its branches' or processor's states);
// nothing for a JSONPath state.
void for_each_jsonata_field(const State& state, const std::function<void(const JsonataField&)>& visit);

}  // namespace stepwise::asl
