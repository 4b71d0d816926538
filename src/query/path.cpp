// Path: compile, select, and the Jayway-style explanation of a miss.
#include "query/path.h"

#include <algorithm>

#include "json/write.h"
#include "query/path_ast.h"

namespace stepwise::query {

using detail::SegKind;

Path Path::compile(std::string_view text) {
    auto impl = std::make_shared<Impl>();
    impl->text = std::string(text);
    size_t pos = 0;
    // Jayway trims surrounding whitespace.
    std::string_view trimmed = text;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t' || trimmed.front() == '\n' || trimmed.front() == '\r'))
        trimmed.remove_prefix(1);
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t' || trimmed.back() == '\n' || trimmed.back() == '\r'))
        trimmed.remove_suffix(1);
    if (trimmed.empty()) throw SyntaxError("Invalid JSONPath '': a path must start with '$'", 0);
    if (trimmed.front() == '@') throw SyntaxError("Invalid JSONPath '" + impl->text + "': a path must start with '$'", 0);
    impl->body = detail::parse_path(trimmed, pos, false);
    const auto& b = impl->body;
    impl->simple = b.definite && b.function.empty() &&
                   std::all_of(b.segments.begin(), b.segments.end(),
                               [](const detail::Segment& s) { return s.kind == SegKind::Name || s.kind == SegKind::Index; });
    impl->reference = impl->simple && b.root == PathRoot::Input &&
                      std::all_of(b.segments.begin(), b.segments.end(), [](const detail::Segment& s) {
                          return s.kind == SegKind::Name || s.index >= 0;
                      });
    Path p;
    p.impl_ = std::move(impl);
    return p;
}

namespace {
const std::string kEmpty;
const std::vector<std::string> kNoVariables;
}  // namespace

const std::string& Path::text() const { return impl_ ? impl_->text : kEmpty; }
PathRoot Path::root() const { return impl_ ? impl_->body.root : PathRoot::Input; }
const std::string& Path::variable() const { return impl_ ? impl_->body.variable : kEmpty; }
bool Path::is_definite() const { return !impl_ || impl_->body.definite; }
bool Path::is_reference_path() const { return impl_ && impl_->reference; }
bool Path::uses_context() const { return impl_ && impl_->body.uses_context; }
const std::vector<std::string>& Path::referenced_variables() const {
    return impl_ ? impl_->body.variables : kNoVariables;
}

std::optional<json::Value> Path::select(const Scope& scope) const {
    if (!impl_) return scope.input;
    const auto& body = impl_->body;
    const json::Value* root = detail::resolve_root(body, scope);
    if (impl_->simple) {
        if (!root) return std::nullopt;
        const json::Value* v = detail::select_definite(body, *root);
        if (!v) return std::nullopt;
        return *v;
    }
    if (!root) {
        if (body.definite) return std::nullopt;
        return json::Value(json::Array{});
    }
    size_t budget = detail::kVisitBudget;
    detail::EvalRoots roots{root, root, &scope, &budget};
    return detail::evaluate_body(body, *root, roots);
}

namespace {
std::string java_class(const json::Value& v) {
    switch (v.kind()) {
        case json::Kind::String: return "java.lang.String";
        case json::Kind::Number: return v.is_exact_int() ? "java.lang.Integer" : "java.lang.Double";
        case json::Kind::Bool: return "java.lang.Boolean";
        case json::Kind::Array: return "java.util.ArrayList";
        case json::Kind::Object: return "java.util.LinkedHashMap";
        case json::Kind::Null: return "null";
    }
    return "null";
}

// How Jayway prints a compiled definite path: `$.a[0].b` is `$['a'][0]['b']`.
std::string jayway_text(const std::vector<detail::Segment>& segments) {
    std::string text = "$";
    for (const auto& seg : segments) {
        if (seg.kind == SegKind::Name) text += detail::bracket_name(seg.name);
        else if (seg.kind == SegKind::Index) text += "[" + std::to_string(seg.index) + "]";
    }
    return text;
}
}  // namespace

// Jayway (as AWS runs it) throws on the way down for a missing property that
// is not the last step, and answers "No results for path: <the whole path>"
// when a definite path ends on nothing (a missing last property, an index out
// of bounds anywhere).
std::string Path::explain_missing(const json::Value& root) const {
    if (!impl_) return {};
    const auto& segments = impl_->body.segments;
    std::string where = "$";
    const json::Value* cur = &root;
    for (size_t i = 0; i < segments.size() && cur; ++i) {
        const auto& seg = segments[i];
        if (seg.kind == SegKind::Name) {
            if (!cur->is_object()) {
                return "Expected to find an object with property " + detail::bracket_name(seg.name) + " in path " +
                       where + " but found '" + java_class(*cur) +
                       "'. This is not a json object according to the JsonProvider: "
                       "'com.jayway.jsonpath.spi.json.JacksonJsonProvider'.";
            }
            where += detail::bracket_name(seg.name);
            cur = cur->find(seg.name);
            if (!cur && i + 1 < segments.size()) return "Missing property in path " + where;
        } else if (seg.kind == SegKind::Index) {
            if (cur->is_null()) return "The path " + where + " is null";
            if (!cur->is_array())
                return "Filter: [" + std::to_string(seg.index) + "] can only be applied to arrays. Current context is: " +
                       json::dump(*cur);
            where += "[" + std::to_string(seg.index) + "]";
            const auto& arr = cur->as_array();
            int64_t n = static_cast<int64_t>(arr.size());
            int64_t pos = seg.index < 0 ? n + seg.index : seg.index;
            cur = pos < 0 || pos >= n ? nullptr : &arr[size_t(pos)];
        } else {
            break;
        }
    }
    return "No results for path: " + jayway_text(segments);
}

json::Value Path::select_or_throw(const Scope& scope) const {
    auto v = select(scope);
    if (v) return std::move(*v);
    const json::Value* root = impl_ ? detail::resolve_root(impl_->body, scope) : &scope.input;
    static const json::Value null_value;
    throw EvalError("States.Runtime",
                    "Invalid path '" + text() + "' : " + explain_missing(root ? *root : null_value));
}

}  // namespace stepwise::query
