// Public API of the JSONata engine.
//
//   auto expr = jsonata::Expression::compile("Account.Order.Product.(Price * Quantity) ~> $sum()");
//   std::optional<json::Value> result = expr.evaluate(&input);          // nullopt = undefined
//
// A compiled Expression is immutable and may be evaluated from several
// threads at once. Evaluation never reads the wall clock for $now()/$millis():
// the caller passes the instant in EvalOptions::now_ms.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "jsonata/error.h"
#include "jsonata/free_variables.h"
#include "jsonata/function_calls.h"
#include "jsonata/language_level.h"
#include "jsonata/root_references.h"
#include "jsonata/variable_fields.h"
#include "json/value.h"

namespace stepwise::jsonata {

// The host's data for one evaluation (EvalOptions::host), handed to every
// host function it calls: a host derives its own type from this one (for
// instance the execution whose seeded generator $random draws from).
class Host {
public:
    virtual ~Host() = default;
};

// A host function: receives its arguments as JSON (nullopt = undefined,
// e.g. a missing optional argument) and the evaluation's host (nullptr when
// none was given), and returns JSON or nullopt. Errors are reported by
// throwing jsonata::Error.
using NativeFunction =
    std::function<std::optional<json::Value>(const std::vector<std::optional<json::Value>>& args, Host* host)>;

class Bindings {
public:
    // Binds $name to a JSON value.
    Bindings& set(std::string name, json::Value value);
    // Registers $name as a host function with a JSONata signature such as
    // "<n-n?:n>" (see docs.jsonata.org "Function signatures"); an empty
    // signature means no argument checking. Throws Error for a bad signature.
    Bindings& function(std::string name, std::string signature, NativeFunction fn);
    // Leaves $name unbound, hiding the built-in function of that name: calling
    // it then fails as calling any non-function does (T1006).
    Bindings& hide(std::string name);

    struct Entry;
    const std::vector<std::shared_ptr<const Entry>>& entries() const { return entries_; }

private:
    std::vector<std::shared_ptr<const Entry>> entries_;
};

struct EvalOptions {
    // The instant $now() and $millis() report, in milliseconds since the epoch.
    double now_ms = 0;
    // Runaway guard: nesting of expression evaluations (one per AST node
    // entered, as jsonata-js counts) and optional time / step budgets. Any of
    // them exceeded ends the evaluation with Error code "U1001".
    size_t max_depth = 1000;
    int64_t timeout_ms = 0;   // 0 = no time limit
    uint64_t max_steps = 0;   // 0 = no step limit (a step: one node evaluated, or one range element)
    // Output budget (jsonata/budget.h): bytes of strings and items of arrays and
    // objects the evaluation builds or copies; 0 = unlimited (the reference
    // suite builds arrays of ten million items). Also U1001.
    uint64_t max_output_bytes = 0;
    // Passed to every host function the evaluation calls.
    Host* host = nullptr;
};

class Expression {
public:
    // Parses the expression in the language of `level`; throws Error (S0xxx
    // codes) when it is malformed.
    static Expression compile(std::string_view text, LanguageLevel level = LanguageLevel::V2_2_2);

    // Evaluates against `input` (nullptr = no input, `$` is undefined).
    // Returns nullopt when the result is undefined (the empty sequence).
    // Functions inside the result become "" (as JSON.stringify would write
    // them under jsonata-js's replacer); non-finite numbers become null.
    // Throws Error (T/D/U codes).
    std::optional<json::Value> evaluate(const json::Value* input, const Bindings& bindings = {},
                                        const EvalOptions& options = {}) const;

    const std::string& text() const;

    // Every `$name` the expression reads that it does not bind itself
    // (jsonata/free_variables.h): the variables its host must supply.
    std::vector<FreeVariable> free_variables() const;
    // Every call of a function by name (jsonata/function_calls.h).
    std::vector<FunctionCall> function_calls() const;
    // Every `$name.field` read (jsonata/variable_fields.h).
    std::vector<VariableField> variable_fields() const;
    // Every name it reads from its input at the top level (jsonata/root_references.h).
    std::vector<RootReference> root_references() const;

    struct Impl;

private:
    std::shared_ptr<const Impl> impl_;
};

}  // namespace stepwise::jsonata
