// Intrinsic functions: `States.Format('{} {}', $.a, $$.Execution.Id)` and the
// rest of AWS's list, nested calls included. Parsed once; evaluated many times.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "json/value.h"
#include "query/errors.h"
#include "query/scope.h"

namespace stepwise::query {

// True when a `.$` field value should be read as an intrinsic call (it starts
// with `States.` and not `$`).
bool looks_like_intrinsic(std::string_view text);

class IntrinsicCall {
public:
    IntrinsicCall() = default;

    // Throws SyntaxError for bad syntax, unknown functions and wrong argument
    // counts or literal argument types that can be seen before running.
    static IntrinsicCall compile(std::string_view text);

    const std::string& text() const;

    // Throws EvalError: States.IntrinsicFailure for bad arguments at run time,
    // States.Runtime for paths that select nothing.
    json::Value evaluate(const Scope& scope) const;

    // Additions to the contract -------------------------------------------
    // The same, naming the template field (`"key.$"`) in States.Runtime
    // messages for path arguments that select nothing.
    json::Value evaluate(const Scope& scope, std::string_view field) const;
    // The outermost function's name: "States.Format".
    std::string_view function_name() const;
    // True when an argument (at any depth) reads `$$`.
    bool uses_context() const;
    // Every `$name` variable read by the arguments.
    const std::vector<std::string>& referenced_variables() const;

    explicit operator bool() const { return impl_ != nullptr; }

    struct Impl;

private:
    std::shared_ptr<const Impl> impl_;
};

}  // namespace stepwise::query
