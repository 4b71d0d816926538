// JSONPath as Amazon States Language uses it (AWS evaluates with Jayway
// JsonPath): `$` for the state input, `$$` for the context object, `$name` /
// `$name.field` for a workflow variable; dot and bracket notation, quoted
// names, indexes (negative too), slices, wildcards, unions, recursive descent
// and filter expressions.
//
// A Path is compiled once and evaluated many times; copies share the compiled
// form.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/value.h"
#include "query/errors.h"
#include "query/scope.h"

namespace stepwise::query {

enum class PathRoot { Input, Context, Variable };

class Path {
public:
    Path() = default;

    // Throws SyntaxError.
    static Path compile(std::string_view text);

    const std::string& text() const;
    PathRoot root() const;
    // For PathRoot::Variable: the variable's name (without `$`).
    const std::string& variable() const;
    // A definite path selects at most one value (no wildcard, slice, union,
    // filter or recursive descent).
    bool is_definite() const;
    // A reference path (ResultPath and the like) is a definite path with only
    // names and non-negative indexes, rooted at `$`.
    bool is_reference_path() const;

    // Definite paths: the selected value, or nullopt when nothing is there.
    // Indefinite paths: always an array of every match, in document order (empty
    // when nothing matches), as Jayway returns it. An indefinite path whose
    // evaluation explodes (stacked `..` over a large document) throws
    // EvalError(States.Runtime) instead of running for hours.
    std::optional<json::Value> select(const Scope& scope) const;

    // Writes `value` at this reference path inside `target`, creating objects
    // on the way, as ResultPath does. Throws EvalError(States.ResultPathMatchFailure)
    // when the path runs into a value that is not an object.
    void assign(json::Value& target, json::Value value) const;

    // For a path that selects nothing in `scope`, read as AWS reads ItemsPath:
    // throws EvalError(States.ReferencePathConflict, `Unable to apply step
    // "<name>" to input <root>`) naming the first step it could not take (a
    // path with filters: select_or_throw's error).
    [[noreturn]] void throw_unreadable(const Scope& scope) const;

    // Additions to the contract -------------------------------------------
    // True when evaluating reads `$$` (the root or inside a filter), so the
    // engine can skip building the context object.
    bool uses_context() const;
    // Every `$name` variable the path reads (the root and filters), in order of appearance.
    const std::vector<std::string>& referenced_variables() const;
    // Jayway's explanation of why a definite path found nothing in `root`:
    // "Missing property in path $['no']" for `$.no.such`, "No results for
    // path: $['no']" for `$.no` (AWS prints it after "Invalid path '<path>' : "
    // for InputPath/OutputPath).
    std::string explain_missing(const json::Value& root) const;
    // The selected value like select(), but a definite path that matches
    // nothing throws EvalError(States.Runtime, "Invalid path '<path>' : <explain_missing>").
    json::Value select_or_throw(const Scope& scope) const;

    explicit operator bool() const { return impl_ != nullptr; }

    struct Impl;

private:
    std::shared_ptr<const Impl> impl_;
};

}  // namespace stepwise::query
