// Reference paths as AWS walks them step by step: assignment (ResultPath and
// the like) writes a value inside a document, creating missing objects on the
// way, copying only the nodes on the path (copy-on-write), never the rest of
// the document; a read that finds nothing (ItemsPath) names the step it could
// not take.
#include "json/write.h"
#include "query/path.h"
#include "query/path_ast.h"

namespace stepwise::query {

using detail::SegKind;

namespace {

// AWS: `Unable to apply step "<name>" to input <json>`.
std::string unable_to_apply(const detail::Segment& seg, const json::Value& whole) {
    std::string step = seg.kind == SegKind::Name ? seg.name : std::to_string(seg.index);
    return "Unable to apply step \"" + step + "\" to input " + json::dump(whole);
}

[[noreturn]] void match_failure(const detail::Segment& seg, const json::Value& whole) {
    throw EvalError("States.ResultPathMatchFailure", unable_to_apply(seg, whole));
}

// The element `seg` selects in `node`, or null.
const json::Value* step_into(const json::Value& node, const detail::Segment& seg) {
    if (seg.kind == SegKind::Name) return node.is_object() ? node.find(seg.name) : nullptr;
    if (!node.is_array()) return nullptr;
    int64_t n = static_cast<int64_t>(node.size());
    int64_t idx = seg.index < 0 ? n + seg.index : seg.index;
    return idx < 0 || idx >= n ? nullptr : &node.as_array()[size_t(idx)];
}

// Read-only check first, so a failure leaves the target untouched and the
// mutation needs no second handle (which would force a copy of the top node).
void check(const std::vector<detail::Segment>& segs, const json::Value& whole) {
    const json::Value* cur = &whole;
    for (const auto& seg : segs) {
        if (!cur) {  // below a member that will be created as {}
            if (seg.kind != SegKind::Name) match_failure(seg, whole);
            continue;
        }
        if (seg.kind == SegKind::Name) {
            if (!cur->is_object()) match_failure(seg, whole);
            cur = cur->find(seg.name);
        } else {
            if (!cur->is_array()) match_failure(seg, whole);
            int64_t n = static_cast<int64_t>(cur->size());
            int64_t idx = seg.index < 0 ? n + seg.index : seg.index;
            if (idx < 0 || idx >= n) match_failure(seg, whole);
            cur = &cur->as_array()[size_t(idx)];
        }
    }
}

void assign_at(const std::vector<detail::Segment>& segs, size_t i, json::Value& node, json::Value&& value,
               const json::Value& whole) {
    const auto& seg = segs[i];
    bool last = i + 1 == segs.size();
    if (seg.kind == SegKind::Name) {
        if (!node.is_object()) match_failure(seg, whole);
        json::Object& obj = node.mutable_object();
        if (last) {
            obj.set(seg.name, std::move(value));
            return;
        }
        json::Value* child = obj.find(seg.name);
        if (!child) {
            obj.set(seg.name, json::Value(json::Object{}));
            child = obj.find(seg.name);
        }
        assign_at(segs, i + 1, *child, std::move(value), whole);
        return;
    }
    // Index: only into an existing element.
    if (!node.is_array()) match_failure(seg, whole);
    int64_t n = static_cast<int64_t>(node.size());
    int64_t idx = seg.index < 0 ? n + seg.index : seg.index;
    if (idx < 0 || idx >= n) match_failure(seg, whole);
    json::Array& arr = node.mutable_array();
    if (last) {
        arr[size_t(idx)] = std::move(value);
        return;
    }
    assign_at(segs, i + 1, arr[size_t(idx)], std::move(value), whole);
}

}  // namespace

void Path::throw_unreadable(const Scope& scope) const {
    const json::Value* root = impl_ ? detail::resolve_root(impl_->body, scope) : &scope.input;
    if (root && impl_ && impl_->simple) {
        const json::Value* cur = root;
        for (const auto& seg : impl_->body.segments) {
            cur = step_into(*cur, seg);
            if (!cur) throw EvalError("States.ReferencePathConflict", unable_to_apply(seg, *root));
        }
    }
    select_or_throw(scope);
    throw EvalError("States.Runtime", "Invalid path '" + text() + "'");
}

void Path::assign(json::Value& target, json::Value value) const {
    if (!impl_ || impl_->body.segments.empty()) {
        target = std::move(value);
        return;
    }
    if (!impl_->reference)
        throw EvalError("States.Runtime", "The path '" + impl_->text + "' is not a valid reference path");
    check(impl_->body.segments, target);
    assign_at(impl_->body.segments, 0, target, std::move(value), target);
}

}  // namespace stepwise::query
