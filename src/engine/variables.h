// Workflow variables (Assign, `$name`) and JSONata evaluation of state fields.
//
// Variables: each frame (top level, Parallel branch, Map iteration) has a
// scope; an inner scope reads the outer ones and assigns only its own.
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
// JSONata: `{% expr %}` strings in a field are replaced by the expression's
// result, with `$states` (input, result, errorOutput, context) and the
// variables bound. https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "asl/machine.h"
#include "engine/core.h"
#include "query/scope.h"

namespace stepwise::engine {

struct VarScope final : query::Variables {
    std::shared_ptr<const VarScope> parent;
    json::Value vars = json::Value(json::Object{});
    int64_t bytes = 0;  // JSON size of the variables stored in this scope chain (the 10 MiB quota)
    const json::Value* lookup(std::string_view name) const override {
        for (const VarScope* s = this; s; s = s->parent.get())
            if (const json::Value* v = s->vars.find(name)) return v;
        return nullptr;
    }
};

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

// Evaluates a JSONata field value (templates nested in objects and arrays).
// Throws StateError States.QueryEvaluationError when an expression fails or
// returns undefined.
json::Value eval_jsonata(Core& core, Frame& f, const json::Value& raw, const StatesVar& st, std::string_view field);
inline json::Value eval_jsonata(Core& core, Frame& f, const asl::JsonataValue& v, const StatesVar& st,
                                std::string_view field) {
    return eval_jsonata(core, f, v.raw, st, field);
}

// Evaluates Assign (every value sees the variables from before the state)
// and returns the new values as an object; commit_assign then stores them.
// JSONPath mode: `jsonpath_input` is `$` for the `.$` members.
json::Value evaluate_assign(Core& core, Frame& f, const asl::Assign& assign, const json::Value& jsonpath_input,
                            const StatesVar& st);
void commit_assign(Core& core, Frame& f, json::Value values);

// Convenience: evaluate and commit in one step.
inline void apply_assign(Core& core, Frame& f, const std::optional<asl::Assign>& assign,
                         const json::Value& jsonpath_input, const StatesVar& st) {
    if (assign) commit_assign(core, f, evaluate_assign(core, f, *assign, jsonpath_input, st));
}

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
