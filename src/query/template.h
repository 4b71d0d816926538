// Payload templates: the JSON objects of Parameters, ResultSelector,
// ItemSelector and Catch/Retry-free places where `"key.$": "path"` or
// `"key.$": "States.Fn(...)"` members are replaced by what they select.
// Compiled once from the definition; evaluated per state execution.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "json/value.h"
#include "query/errors.h"
#include "query/scope.h"

namespace stepwise::query {

// A problem found while compiling a template, with the JSON pointer of the
// offending member relative to the template's root (e.g. "/order.$").
struct TemplateProblem {
    std::string pointer;
    std::string message;
};

class Template {
public:
    Template() = default;

    // Compiles `definition` (any JSON value; nested objects and arrays are
    // walked). Collects every problem instead of stopping at the first; the
    // returned template is usable only when `problems` stayed empty.
    static Template compile(const json::Value& definition, std::vector<TemplateProblem>& problems);

    // Builds the payload. `field` names the ASL field for error messages
    // ("Parameters", "ResultSelector", "ItemSelector"). Throws EvalError
    // (States.Runtime when a path selects nothing, with AWS's message;
    // States.IntrinsicFailure from intrinsic calls).
    json::Value evaluate(const Scope& scope, std::string_view field) const;

    // True when the template has no `.$` members (evaluate returns a constant).
    bool is_constant() const;

    // Additions to the contract -------------------------------------------
    // True when some member reads `$$` (paths, intrinsic arguments, filters).
    bool uses_context() const;
    // Every `$name` variable some member reads, without duplicates.
    const std::vector<std::string>& referenced_variables() const;

    explicit operator bool() const { return impl_ != nullptr; }

    struct Impl;

private:
    std::shared_ptr<const Impl> impl_;
};

}  // namespace stepwise::query
