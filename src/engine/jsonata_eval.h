// JSONata evaluation of state fields: `{% expr %}` strings in a field are
// replaced by the expression's result, with `$states` (input, result,
// errorOutput, context) and the variables bound. The expressions come
// compiled in the Machine (asl::JsonataValue); nothing is parsed here.
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "asl/machine.h"
#include "engine/core.h"
#include "jsonata/expression.h"
#include "query/random.h"

namespace stepwise::engine {

// States.QueryEvaluationError with AWS's prefix ("An error occurred while
// executing the state 'X' (entered at the event id #N). <message>").
StateError query_evaluation_error(const Frame& f, const std::string& message);
// The text of a `{% expr %}` field as AWS quotes it in causes (trimmed).
std::string expression_text(const json::Value& raw);
// States.QueryEvaluationError for a field whose expression returned the wrong
// type: "... returned an unexpected result type. Expected 'array', but was ...".
StateError unexpected_result_type(const Frame& f, const asl::JsonataValue& v, std::string_view field,
                                  std::string_view expected, const json::Value& result);

// What $states holds for one evaluation (nullptr = absent).
struct StatesVar {
    const json::Value* input = nullptr;
    const json::Value* result = nullptr;
    const json::Value* error_output = nullptr;
    const json::Value* context = nullptr;  // nullptr: the state's $$ (Map ItemSelector passes the item's)
};

// A JSONata field value evaluated with bindings built by the caller (a Map
// Run's ItemSelector, evaluated outside the core). `fail` builds the
// States.QueryEvaluationError cause's error from a message.
json::Value eval_jsonata_with(const asl::JsonataValue& v, const json::Value* input, const jsonata::Bindings& bindings,
                              query::Random& random, int64_t now_ms, std::string_view field,
                              const std::function<StateError(const std::string&)>& fail);

// Evaluates a JSONata field value (expressions nested in objects and arrays).
// Throws StateError States.QueryEvaluationError when an expression fails or
// returns undefined.
json::Value eval_jsonata(Core& core, Frame& f, const asl::JsonataValue& v, const StatesVar& st,
                         std::string_view field);

// A JSONata number field (TimeoutSeconds, MaxConcurrency, ...): must be a number.
double eval_jsonata_number(Core& core, Frame& f, const asl::JsonataValue& v, const StatesVar& st,
                           std::string_view field);

// JSONata states end here: Assign and Output are both evaluated with the
// variables from before the state (Output defaults to `default_output`),
// then the assignments are committed and the state finishes.
void finish_jsonata(Core& core, Frame& f, const StatesVar& st, json::Value default_output, const asl::State* next,
                    const std::optional<asl::Assign>& assign, const std::optional<asl::JsonataValue>& output);

inline bool is_jsonata(const Frame& f) { return f.state->query_language == asl::QueryLanguage::JSONata; }

}  // namespace stepwise::engine
