// The evaluator's value type (internal). JSONata values are JSON values plus
// the things JSON cannot hold: "undefined" (the empty sequence), functions
// and sequences (arrays with flags). Input JSON stays in json::Value handles
// and is read in place; arrays and objects the evaluator builds live in
// shared, mutable nodes (transforms edit their deep copy in place, as the
// reference does).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "jsonata/budget.h"
#include "json/value.h"

namespace stepwise::jsonata {

enum class VType : uint8_t { Undefined, Null, Bool, Number, String, Array, Object, Function };

struct HeapNode {
    virtual ~HeapNode() = default;
    // Nesting of internal nodes below and including this one, set when the node
    // becomes a Val (from_node). Bounded by kMaxValueDepth: converting, printing,
    // comparing and freeing values recurse once per level.
    uint32_t depth = 1;
};
inline constexpr uint32_t kMaxValueDepth = 1000;
struct ArrNode;
struct ObjNode;
struct FnNode;

class Val {
public:
    Val() = default;
    static Val undefined() { return {}; }
    static Val null() { Val v; v.t_ = VType::Null; return v; }
    static Val boolean(bool b) { Val v; v.t_ = VType::Bool; v.n_ = b ? 1 : 0; return v; }
    static Val number(double d) { Val v; v.t_ = VType::Number; v.n_ = d; return v; }
    static Val string(std::string_view s) { Val v; v.t_ = VType::String; v.j_ = json::Value(s); return v; }
    static Val from_json(const json::Value& j);
    static Val from_node(std::shared_ptr<ArrNode> n);
    static Val from_node(std::shared_ptr<ObjNode> n);
    static Val from_node(std::shared_ptr<FnNode> n);

    VType type() const noexcept { return t_; }
    bool is_undefined() const noexcept { return t_ == VType::Undefined; }
    bool is_defined() const noexcept { return t_ != VType::Undefined; }
    bool is_null() const noexcept { return t_ == VType::Null; }
    bool is_bool() const noexcept { return t_ == VType::Bool; }
    bool is_number() const noexcept { return t_ == VType::Number; }
    bool is_string() const noexcept { return t_ == VType::String; }
    bool is_array() const noexcept { return t_ == VType::Array; }
    bool is_object() const noexcept { return t_ == VType::Object; }
    bool is_function() const noexcept { return t_ == VType::Function; }

    bool as_bool() const noexcept { return n_ != 0; }
    double as_number() const noexcept { return n_; }
    std::string_view as_string() const noexcept { return j_.as_string(); }

    // Arrays: an internal node (arr()) or a JSON array (json()).
    ArrNode* arr() const noexcept;   // nullptr for JSON arrays
    ObjNode* obj() const noexcept;   // nullptr for JSON objects
    FnNode* fn() const noexcept;
    const std::shared_ptr<HeapNode>& node() const noexcept { return h_; }
    const json::Value& json() const noexcept { return j_; }

    // Array access for both representations.
    size_t size() const noexcept;
    Val at(size_t i) const;
    // Object member (undefined when absent), both representations.
    Val get(std::string_view key) const;
    bool is_sequence() const noexcept;

private:
    json::Value j_;               // strings, JSON arrays and objects
    std::shared_ptr<HeapNode> h_; // internal arrays, objects, functions
    double n_ = 0;                // numbers and booleans
    VType t_ = VType::Undefined;
};

struct ArrNode : HeapNode {
    std::vector<Val> items;
    bool sequence = false;
    bool keep_singleton = false;
    bool cons = false;
    bool outer_wrapper = false;
    bool tuple_stream = false;
};

struct ObjNode : HeapNode {
    std::vector<std::pair<std::string, Val>> members;
    const Val* find(std::string_view key) const;
    Val* find(std::string_view key);
    void set(std::string_view key, Val value);
    bool erase(std::string_view key);

private:
    mutable std::unordered_map<std::string_view, size_t> index_;
    void reindex() const;
};

inline ArrNode* Val::arr() const noexcept { return t_ == VType::Array ? static_cast<ArrNode*>(h_.get()) : nullptr; }
inline ObjNode* Val::obj() const noexcept { return t_ == VType::Object ? static_cast<ObjNode*>(h_.get()) : nullptr; }
inline bool Val::is_sequence() const noexcept { auto* a = arr(); return a && a->sequence; }

// What writing or copying the value's top level costs against the output
// budget (budget.h): a string's bytes, kItemCost per array item or object member.
uint64_t output_cost(const Val& v);

// Builders.
Val make_array(std::vector<Val> items = {}, bool sequence = false);
inline Val make_sequence(std::vector<Val> items = {}) { return make_array(std::move(items), true); }
Val make_object();  // an empty internal object

// Visits array items / object members in both representations.
template <class F>
void for_each_item(const Val& v, F&& f) {
    charge_output(v.size() * kItemCost, "Copying an array");
    if (auto* a = v.arr()) {
        for (size_t i = 0; i < a->items.size(); ++i) f(a->items[i]);
    } else {
        for (const auto& item : v.json().as_array()) f(Val::from_json(item));
    }
}
template <class F>
void for_each_member(const Val& v, F&& f) {
    if (auto* o = v.obj()) {
        for (size_t i = 0; i < o->members.size(); ++i) f(std::string_view(o->members[i].first), o->members[i].second);
    } else {
        for (const auto& m : v.json().as_object()) f(m.name(), Val::from_json(m.value));
    }
}
std::vector<Val> items_of(const Val& array);

// Conversion at the API boundary: functions become "" (as JSON.stringify with
// the reference's replacer), undefined array items become null, undefined
// object members are dropped.
json::Value to_json(const Val& v);

// Deep, mutable copy (internal nodes all the way down), used by transforms and $clone.
Val deep_clone(const Val& v);

// JavaScript-style deep equality (functions by identity).
bool deep_equal(const Val& a, const Val& b);

// "string", "number", ... as $type reports.
std::string_view type_name(const Val& v);

}  // namespace stepwise::jsonata
