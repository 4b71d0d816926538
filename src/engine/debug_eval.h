// Evaluating an expression against a paused frame (engine/debugger.h): its
// `$`, `$$` and variables, as the debugger's `p EXPR` does.
//   `{% expr %}`          JSONata, with $states.input / $states.context and the variables bound
//   `States.Format(...)`  an intrinsic function
//   `$.a`, `$$.State`, `$name.x`   a JSONPath (also `$states.input.a`)
//   anything else         JSONata
// Nothing the evaluation does reaches the execution (its randomness is its own).
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/debugger.h"
#include "json/value.h"

namespace stepwise::engine {

// Throws std::runtime_error naming what went wrong (syntax, evaluation, a path that selects nothing).
json::Value evaluate_in_pause(const Pause& pause, std::string_view text);

}  // namespace stepwise::engine
