// Internal: the compiled form of a JSONPath (shared by the parser, the
// evaluator, filter expressions and reference-path assignment).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "json/value.h"
#include "query/path.h"

namespace stepwise::query::detail {

struct FilterExpr;  // filter.h

enum class SegKind : uint8_t {
    Name,        // .name  ['name']
    Names,       // ['a','b']
    Index,       // [3]  [-1]
    Indexes,     // [0,2]
    Slice,       // [1:3] [:2] [-2:]
    Wildcard,    // .*  [*]
    Filter,      // [?(...)]
    Function,    // .length()
};

struct Segment {
    SegKind kind = SegKind::Name;
    bool descent = false;  // preceded by `..`
    std::string name;      // Name; Function: the function's name
    std::vector<std::string> names;
    int64_t index = 0;
    std::vector<int64_t> indexes;
    std::optional<int64_t> from, to;  // Slice
    std::shared_ptr<const FilterExpr> filter;

    bool definite() const {
        return !descent && (kind == SegKind::Name || kind == SegKind::Index || kind == SegKind::Function);
    }
};

// A parsed path body: the root and its segments. Relative paths (`@...`)
// inside filters use the same form.
struct PathBody {
    PathRoot root = PathRoot::Input;
    bool relative = false;  // `@`
    std::string variable;
    std::vector<Segment> segments;
    bool definite = true;
    std::string function;       // "length" / "size" for `.length()`; empty when none
    bool uses_context = false;  // reads $$ anywhere (filters included)
    std::vector<std::string> variables;  // every $name read (filters included)
};

// Parses a path starting at `pos` in `text` (which must be at `$` or `@`).
// With `embedded`, stops quietly at a character that cannot continue the path
// (`,` `)` space, a comparison operator...) and leaves `pos` there; otherwise
// the whole text must be consumed. Throws SyntaxError.
PathBody parse_path(std::string_view text, size_t& pos, bool embedded);

// Evaluation over a parsed body.
struct EvalRoots {
    const json::Value* root;     // what the body's root denotes
    const json::Value* doc_root; // `$` inside filters (the queried document)
    const Scope* scope;          // for $$ and $var inside filters
    // Node visits left before evaluation gives up (stacked `..` segments grow
    // polynomially with the document); nullptr: unlimited.
    size_t* budget = nullptr;
};

// Visits allowed for one evaluation of an indefinite path.
constexpr size_t kVisitBudget = 5'000'000;

// Definite bodies: the selected node or nullptr. Never allocates for
// name/index chains.
const json::Value* select_definite(const PathBody& body, const json::Value& root);
// Any body: appends every match in document order.
void select_all(const PathBody& body, const EvalRoots& roots, std::vector<json::Value>& out);
// Full evaluation from `root` (already resolved): definite bodies give the
// value or nullopt, indefinite ones the array of matches; then the trailing
// function (length()/size()) if any. `roots` supplies $ / $$ / $var for filters.
std::optional<json::Value> evaluate_body(const PathBody& body, const json::Value& root, const EvalRoots& roots);
// Resolves the root value of a body for a scope; nullptr when a variable is undefined.
const json::Value* resolve_root(const PathBody& body, const Scope& scope);

// Jayway's bracket-notation rendering of a property: ['name'].
std::string bracket_name(std::string_view name);

}  // namespace stepwise::query::detail

namespace stepwise::query {
struct Path::Impl {
    std::string text;
    detail::PathBody body;
    bool reference = false;
    bool simple = false;  // definite chain of names and indexes only: pointer walk
};
}  // namespace stepwise::query
