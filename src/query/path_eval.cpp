// Path evaluation: a pointer walk for definite paths (no allocation, the
// result shares the existing node) and Jayway's traversal for the rest.
#include <algorithm>

#include "query/errors.h"
#include "query/filter.h"
#include "query/path_ast.h"

namespace stepwise::query::detail {

namespace {

const json::Value* index_into(const json::Value& node, int64_t index) {
    if (!node.is_array()) return nullptr;
    const auto& arr = node.as_array();
    int64_t n = static_cast<int64_t>(arr.size());
    int64_t i = index < 0 ? n + index : index;
    if (i < 0 || i >= n) return nullptr;
    return &arr[static_cast<size_t>(i)];
}

void walk(const PathBody& b, size_t i, const json::Value& node, const EvalRoots& r, std::vector<json::Value>& out);

// Applies segment i (ignoring its `..`) to node and continues with i + 1.
void apply(const PathBody& b, size_t i, const json::Value& node, const EvalRoots& r, std::vector<json::Value>& out) {
    if (r.budget && (*r.budget)-- == 0)
        throw EvalError("States.Runtime", "The JSONPath expression selects too much to evaluate");
    const Segment& seg = b.segments[i];
    switch (seg.kind) {
        case SegKind::Name:
            if (const json::Value* v = node.find(seg.name)) walk(b, i + 1, *v, r, out);
            break;
        case SegKind::Names:
            if (!node.is_object()) break;
            if (i + 1 == b.segments.size()) {
                // Jayway merges a leaf multi-property selection into one object.
                json::Object merged;
                for (const auto& name : seg.names)
                    if (const json::Value* v = node.find(name)) merged.set(name, *v);
                out.emplace_back(std::move(merged));
            } else {
                for (const auto& name : seg.names)
                    if (const json::Value* v = node.find(name)) walk(b, i + 1, *v, r, out);
            }
            break;
        case SegKind::Index:
            if (const json::Value* v = index_into(node, seg.index)) walk(b, i + 1, *v, r, out);
            break;
        case SegKind::Indexes:
            for (int64_t idx : seg.indexes)
                if (const json::Value* v = index_into(node, idx)) walk(b, i + 1, *v, r, out);
            break;
        case SegKind::Slice: {
            if (!node.is_array()) break;
            const auto& arr = node.as_array();
            int64_t n = static_cast<int64_t>(arr.size());
            if (seg.from && !seg.to) {  // [from:]
                int64_t from = *seg.from < 0 ? std::max<int64_t>(0, n + *seg.from) : *seg.from;
                for (int64_t k = from; k < n; ++k) walk(b, i + 1, arr[size_t(k)], r, out);
            } else if (!seg.from) {  // [:to]
                int64_t to = *seg.to < 0 ? n + *seg.to : std::min(*seg.to, n);
                for (int64_t k = 0; k < to; ++k) walk(b, i + 1, arr[size_t(k)], r, out);
            } else {  // [from:to], as Jayway computes it
                int64_t from = *seg.from, to = std::min(*seg.to, n);
                if (from >= to || n == 0) break;
                for (int64_t k = from; k < to; ++k)
                    if (const json::Value* v = index_into(node, k)) walk(b, i + 1, *v, r, out);
            }
            break;
        }
        case SegKind::Wildcard:
            if (node.is_object()) {
                for (const auto& m : node.as_object()) walk(b, i + 1, m.value, r, out);
            } else if (node.is_array()) {
                for (const auto& v : node.as_array()) walk(b, i + 1, v, r, out);
            }
            break;
        case SegKind::Filter:
            if (node.is_array()) {
                for (const auto& v : node.as_array())
                    if (eval_filter(*seg.filter, v, r)) walk(b, i + 1, v, r, out);
            } else if (node.is_object()) {
                if (eval_filter(*seg.filter, node, r)) walk(b, i + 1, node, r, out);
            }
            break;
        case SegKind::Function: break;
    }
}

// `..`: the segment applies at this node and at every container below it, in
// document order (Jayway's scan).
void scan(const PathBody& b, size_t i, const json::Value& node, const EvalRoots& r, std::vector<json::Value>& out) {
    if (!node.is_object() && !node.is_array()) return;
    apply(b, i, node, r, out);
    if (node.is_object()) {
        for (const auto& m : node.as_object()) scan(b, i, m.value, r, out);
    } else {
        for (const auto& v : node.as_array()) scan(b, i, v, r, out);
    }
}

void walk(const PathBody& b, size_t i, const json::Value& node, const EvalRoots& r, std::vector<json::Value>& out) {
    if (i == b.segments.size()) {
        out.push_back(node);
        return;
    }
    if (b.segments[i].descent) scan(b, i, node, r, out);
    else apply(b, i, node, r, out);
}

}  // namespace

const json::Value* select_definite(const PathBody& body, const json::Value& root) {
    const json::Value* cur = &root;
    for (const Segment& seg : body.segments) {
        if (seg.kind == SegKind::Name) cur = cur->find(seg.name);
        else cur = index_into(*cur, seg.index);
        if (!cur) return nullptr;
    }
    return cur;
}

void select_all(const PathBody& body, const EvalRoots& roots, std::vector<json::Value>& out) {
    walk(body, 0, *roots.root, roots, out);
}

std::optional<json::Value> evaluate_body(const PathBody& body, const json::Value& root, const EvalRoots& roots) {
    std::optional<json::Value> result;
    bool merge_leaf = !body.segments.empty() && body.segments.back().kind == SegKind::Names;
    if (body.definite && !merge_leaf) {
        if (const json::Value* v = select_definite(body, root)) result = *v;
    } else {
        std::vector<json::Value> out;
        EvalRoots inner{&root, roots.doc_root, roots.scope, roots.budget};
        select_all(body, inner, out);
        if (body.definite) {
            if (!out.empty()) result = std::move(out[0]);
        } else {
            result = json::Value(json::Array(std::move(out)));
        }
    }
    if (!body.function.empty()) {
        // length() / size(): of the array of matches, an array or an object.
        if (!result || !(result->is_array() || result->is_object())) return std::nullopt;
        return json::Value(static_cast<long long>(result->size()));
    }
    return result;
}

const json::Value* resolve_root(const PathBody& body, const Scope& scope) {
    switch (body.root) {
        case PathRoot::Input: return &scope.input;
        case PathRoot::Context: return &scope.context;
        case PathRoot::Variable: return scope.variables ? scope.variables->lookup(body.variable) : nullptr;
    }
    return nullptr;
}

}  // namespace stepwise::query::detail
