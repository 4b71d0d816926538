#include "jsonata/value.h"

#include <cmath>

#include <algorithm>
#include <string>

#include "jsonata/error.h"
#include "jsonata/function.h"

namespace stepwise::jsonata {

Val Val::from_json(const json::Value& j) {
    Val v;
    switch (j.kind()) {
        case json::Kind::Null: v.t_ = VType::Null; break;
        case json::Kind::Bool: v.t_ = VType::Bool; v.n_ = j.as_bool() ? 1 : 0; break;
        case json::Kind::Number: v.t_ = VType::Number; v.n_ = j.as_double(); break;
        case json::Kind::String: v.t_ = VType::String; v.j_ = j; break;
        case json::Kind::Array: v.t_ = VType::Array; v.j_ = j; break;
        case json::Kind::Object: v.t_ = VType::Object; v.j_ = j; break;
    }
    return v;
}

FnNode* Val::fn() const noexcept { return t_ == VType::Function ? static_cast<FnNode*>(h_.get()) : nullptr; }

namespace {
uint32_t depth_of(const Val& v) { return v.node() ? v.node()->depth : 0; }

// Records the node's depth from its children's; throws U1001 past kMaxValueDepth.
void set_depth(HeapNode& node, uint32_t deepest_child) {
    node.depth = deepest_child + 1;
    if (node.depth > kMaxValueDepth)
        throw Error("U1001", "The expression built a value nested more than " + std::to_string(kMaxValueDepth) +
                                 " levels deep");
}
}  // namespace

Val Val::from_node(std::shared_ptr<ArrNode> n) {
    uint32_t deepest = 0;
    for (const Val& item : n->items) deepest = std::max(deepest, depth_of(item));
    set_depth(*n, deepest);
    Val v;
    v.t_ = VType::Array;
    v.h_ = std::move(n);
    return v;
}
Val Val::from_node(std::shared_ptr<ObjNode> n) {
    uint32_t deepest = 0;
    for (const auto& member : n->members) deepest = std::max(deepest, depth_of(member.second));
    set_depth(*n, deepest);
    Val v;
    v.t_ = VType::Object;
    v.h_ = std::move(n);
    return v;
}
Val Val::from_node(std::shared_ptr<FnNode> n) {
    uint32_t deepest = std::max({depth_of(n->target), depth_of(n->first), depth_of(n->second)});
    for (const Val& arg : n->args) deepest = std::max(deepest, depth_of(arg));
    set_depth(*n, deepest);
    Val v;
    v.t_ = VType::Function;
    v.h_ = std::static_pointer_cast<HeapNode>(std::move(n));
    return v;
}

size_t Val::size() const noexcept {
    if (auto* a = arr()) return a->items.size();
    if (t_ == VType::Array) return j_.size();
    return 0;
}

Val Val::at(size_t i) const {
    if (auto* a = arr()) return i < a->items.size() ? a->items[i] : Val();
    if (t_ == VType::Array && i < j_.size()) return from_json(j_.as_array()[i]);
    return {};
}

Val Val::get(std::string_view key) const {
    if (auto* o = obj()) {
        const Val* found = o->find(key);
        return found ? *found : Val();
    }
    if (t_ == VType::Object) {
        const json::Value* found = j_.find(key);
        return found ? from_json(*found) : Val();
    }
    return {};
}

void ObjNode::reindex() const {
    index_.clear();
    for (size_t i = 0; i < members.size(); ++i) index_[members[i].first] = i;
}

const Val* ObjNode::find(std::string_view key) const {
    if (members.size() <= 12) {
        for (const auto& m : members)
            if (m.first == key) return &m.second;
        return nullptr;
    }
    if (index_.size() != members.size()) reindex();
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &members[it->second].second;
}

Val* ObjNode::find(std::string_view key) {
    return const_cast<Val*>(static_cast<const ObjNode*>(this)->find(key));
}

void ObjNode::set(std::string_view key, Val value) {
    if (Val* existing = find(key)) {
        *existing = std::move(value);
        return;
    }
    members.emplace_back(std::string(key), std::move(value));
    if (!index_.empty()) index_.clear();  // string_views may dangle after reallocation
}

bool ObjNode::erase(std::string_view key) {
    for (auto it = members.begin(); it != members.end(); ++it) {
        if (it->first == key) {
            members.erase(it);
            index_.clear();
            return true;
        }
    }
    return false;
}

Val make_array(std::vector<Val> items, bool sequence) {
    charge_output(items.size() * kItemCost, "Building an array");
    auto node = std::make_shared<ArrNode>();
    node->items = std::move(items);
    node->sequence = sequence;
    return Val::from_node(std::move(node));
}

Val make_object() { return Val::from_node(std::make_shared<ObjNode>()); }

std::vector<Val> items_of(const Val& array) {
    if (auto* a = array.arr()) return a->items;
    std::vector<Val> out;
    out.reserve(array.size());
    for_each_item(array, [&](const Val& v) { out.push_back(v); });
    return out;
}

uint64_t output_cost(const Val& v) {
    if (v.is_string()) return v.as_string().size();
    if (v.is_array()) return v.size() * kItemCost;
    if (auto* o = v.obj()) return o->members.size() * kItemCost;
    if (v.is_object()) return v.json().size() * kItemCost;
    return 0;
}

json::Value to_json(const Val& v) {
    charge_output(output_cost(v), "Writing the result");
    switch (v.type()) {
        case VType::Undefined: return json::Value();
        case VType::Function: return json::Value("");
        case VType::Array:
            if (auto* a = v.arr()) {
                json::Array out;
                out.reserve(a->items.size());
                for (const auto& item : a->items) out.push_back(to_json(item));
                return json::Value(std::move(out));
            }
            return v.json();
        case VType::Object:
            if (auto* o = v.obj()) {
                json::Object out;
                out.reserve(o->members.size());
                for (const auto& [key, value] : o->members)
                    if (value.is_defined()) out.append(json::Value(key), to_json(value));
                return json::Value(std::move(out));
            }
            return v.json();
        case VType::Number: {
            double d = v.as_number();
            if (!std::isfinite(d)) return json::Value();
            return json::Value(d);
        }
        case VType::Null: return json::Value();
        case VType::Bool: return json::Value(v.as_bool());
        default: return v.json();
    }
}

Val deep_clone(const Val& v) {
    if (v.is_array()) {
        std::vector<Val> items;
        for_each_item(v, [&](const Val& item) { items.push_back(deep_clone(item)); });
        return make_array(std::move(items));
    }
    if (v.is_object()) {
        auto node = std::make_shared<ObjNode>();
        for_each_member(v, [&](std::string_view key, const Val& value) {
            if (!value.is_function() && value.is_defined()) node->members.emplace_back(std::string(key), deep_clone(value));
        });
        return Val::from_node(std::move(node));
    }
    return v;
}

bool deep_equal(const Val& a, const Val& b) {
    if (a.type() != b.type()) return false;
    switch (a.type()) {
        case VType::Undefined:
        case VType::Null: return true;
        case VType::Bool: return a.as_bool() == b.as_bool();
        case VType::Number: return a.as_number() == b.as_number();
        case VType::String: return a.as_string() == b.as_string();
        case VType::Function: return a.node() == b.node();
        case VType::Array: {
            if (!a.arr() && !b.arr()) return a.json() == b.json();
            if (a.size() != b.size()) return false;
            for (size_t i = 0; i < a.size(); ++i)
                if (!deep_equal(a.at(i), b.at(i))) return false;
            return true;
        }
        case VType::Object: {
            if (!a.obj() && !b.obj()) return a.json() == b.json();
            size_t count_a = 0, count_b = 0;
            bool equal = true;
            for_each_member(a, [&](std::string_view key, const Val& value) {
                if (!value.is_defined()) return;
                ++count_a;
                if (equal && !deep_equal(value, b.get(key))) equal = false;
            });
            for_each_member(b, [&](std::string_view, const Val& value) {
                if (value.is_defined()) ++count_b;
            });
            return equal && count_a == count_b;
        }
    }
    return false;
}

std::string_view type_name(const Val& v) {
    switch (v.type()) {
        case VType::Undefined: return "undefined";
        case VType::Null: return "null";
        case VType::Bool: return "boolean";
        case VType::Number: return "number";
        case VType::String: return "string";
        case VType::Array: return "array";
        case VType::Object: return "object";
        case VType::Function: return "function";
    }
    return "undefined";
}

}  // namespace stepwise::jsonata
