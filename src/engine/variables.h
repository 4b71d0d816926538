// Workflow variables (Assign, `$name`): each frame (top level, Parallel
// branch, Map iteration) has a scope; an inner scope reads the outer ones and
// assigns only its own.
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "asl/machine.h"
#include "engine/core.h"
#include "engine/jsonata_eval.h"  // StatesVar; the state handlers reach the JSONata evaluation through here too
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

// The variables a frame sees, as an object, innermost scope winning.
json::Value visible_variables(const Frame& f);

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

}  // namespace stepwise::engine
