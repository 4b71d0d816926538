// What a query can read while it is evaluated: the state's input ($), the
// context object ($$) and the workflow variables ($name).
#pragma once

#include <string_view>

#include "json/value.h"
#include "query/random.h"

namespace stepwise::query {

class Variables {
public:
    virtual ~Variables() = default;
    // The variable's value, or nullptr when it is not defined in this scope.
    virtual const json::Value* lookup(std::string_view name) const = 0;
};

struct Scope {
    const json::Value& input;               // $
    const json::Value& context;             // $$
    const Variables* variables = nullptr;   // $name; nullptr when none are defined
    // Randomness for States.MathRandom and States.UUID; nullptr means
    // default_random() (not reproducible). Inject a SeededRandom for replayable runs.
    Random* random = nullptr;
};

}  // namespace stepwise::query
