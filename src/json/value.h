// The JSON value type shared by every layer of stepwise.
//
// A Value is a 16-byte handle. Scalars and strings of up to 14 bytes live inside
// the handle; longer strings, arrays and objects live in reference-counted,
// immutable-by-default nodes, so copying a Value never copies a tree. Mutation
// goes through mutable_array()/mutable_object(), which copy only the top node
// when it is shared (copy-on-write), so a state that edits one field of a large
// document pays for that field, not for the document.
//
// Numbers keep their fidelity: integers that fit in 64 bits are exact, and a
// number parsed from text whose shortest rendering differs from that text
// (`0.0`, `1e5`, a 30-digit integer) keeps the original text for output.
// Objects keep insertion order. Strings are UTF-8 (lone UTF-16 surrogates from
// \u escapes are kept as WTF-8 and escaped again on output).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stepwise::json {

enum class Kind : uint8_t { Null, Bool, Number, String, Array, Object };

std::string_view kind_name(Kind kind);  // "null", "boolean", "number", ...

class Array;
class Object;
struct Member;

namespace detail {
struct Node {
    std::atomic<uint32_t> refs{1};
};
struct StringNode;
struct NumberNode;
struct ArrayNode;
struct ObjectNode;
}  // namespace detail

class Value {
public:
    Value() noexcept { tag_ = Tag::Null; }
    Value(std::nullptr_t) noexcept { tag_ = Tag::Null; }
    Value(bool b) noexcept { tag_ = b ? Tag::True : Tag::False; }
    Value(int i) noexcept : Value(static_cast<long long>(i)) {}
    Value(long i) noexcept : Value(static_cast<long long>(i)) {}
    Value(long long i) noexcept;
    Value(unsigned i) noexcept : Value(static_cast<long long>(i)) {}
    Value(unsigned long i) noexcept;
    Value(unsigned long long i) noexcept;
    Value(double d) noexcept;
    Value(std::string_view s);
    Value(const char* s) : Value(std::string_view(s)) {}
    Value(const std::string& s) : Value(std::string_view(s)) {}
    Value(Array a);
    Value(Object o);

    // A number that prints as `text` (which must be a valid JSON number) and
    // compares as `value`.
    static Value number_with_text(double value, std::string_view text);

    Value(const Value& other) noexcept;
    Value(Value&& other) noexcept;
    Value& operator=(const Value& other) noexcept;
    Value& operator=(Value&& other) noexcept;
    ~Value();

    Kind kind() const noexcept;
    bool is_null() const noexcept { return tag_ == Tag::Null; }
    bool is_bool() const noexcept { return tag_ == Tag::True || tag_ == Tag::False; }
    bool is_number() const noexcept { return tag_ == Tag::Int || tag_ == Tag::Double || tag_ == Tag::BigNumber; }
    bool is_string() const noexcept { return tag_ == Tag::InlineString || tag_ == Tag::HeapString; }
    bool is_array() const noexcept { return tag_ == Tag::Array; }
    bool is_object() const noexcept { return tag_ == Tag::Object; }
    // An integral number that fits in int64 (3 and 3.0 both qualify).
    bool is_integer() const noexcept;
    // Stored as an exact 64-bit integer (parsed without fraction or exponent, or built from an int).
    bool is_exact_int() const noexcept { return tag_ == Tag::Int; }

    bool as_bool() const noexcept { return tag_ == Tag::True; }
    double as_double() const noexcept;   // any number
    int64_t as_int() const noexcept;     // any number, truncated toward zero
    std::string_view as_string() const noexcept;
    const Array& as_array() const noexcept;
    const Object& as_object() const noexcept;

    // Copy-on-write access: the node is copied (shallowly) first when shared.
    Array& mutable_array();
    Object& mutable_object();

    // Object member lookup; nullptr when this is not an object or has no such key.
    const Value* find(std::string_view key) const noexcept;
    // Array element or object member count; 0 for scalars.
    size_t size() const noexcept;

    // Structural equality: numbers by value, objects regardless of key order.
    friend bool operator==(const Value& a, const Value& b) noexcept;
    friend bool operator!=(const Value& a, const Value& b) noexcept { return !(a == b); }

    // The number's text as JSON output shows it (original text when kept).
    std::string number_text() const;
    // True when the two handles share one node (or are the same scalar).
    bool same_node(const Value& other) const noexcept;

private:
    enum class Tag : uint8_t { Null, False, True, Int, Double, BigNumber, InlineString, HeapString, Array, Object };
    static constexpr size_t kInlineCapacity = 14;

    detail::Node* node() const noexcept;
    void set_node(detail::Node* n, Tag tag) noexcept;
    void retain() const noexcept;
    void release() noexcept;

    alignas(8) unsigned char storage_[kInlineCapacity];
    uint8_t inline_size_ = 0;
    Tag tag_;

    friend struct detail::ArrayNode;
    friend struct detail::ObjectNode;
};

static_assert(sizeof(Value) == 16);

struct Member {
    Value key;  // always a string
    Value value;
    std::string_view name() const noexcept { return key.as_string(); }
};

class Array {
public:
    Array() = default;
    Array(std::initializer_list<Value> items) : items_(items) {}
    explicit Array(std::vector<Value> items) : items_(std::move(items)) {}

    size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    const Value& operator[](size_t i) const noexcept { return items_[i]; }
    Value& operator[](size_t i) noexcept { return items_[i]; }
    auto begin() const noexcept { return items_.begin(); }
    auto end() const noexcept { return items_.end(); }
    auto begin() noexcept { return items_.begin(); }
    auto end() noexcept { return items_.end(); }
    void push_back(Value v) { items_.push_back(std::move(v)); }
    void reserve(size_t n) { items_.reserve(n); }
    void resize(size_t n) { items_.resize(n); }
    void clear() noexcept { items_.clear(); }
    std::vector<Value>& items() noexcept { return items_; }
    const std::vector<Value>& items() const noexcept { return items_; }

private:
    std::vector<Value> items_;
};

class Object {
public:
    Object() = default;
    Object(std::initializer_list<std::pair<std::string_view, Value>> members);
    Object(const Object& other);
    Object(Object&& other) noexcept;
    Object& operator=(const Object& other);
    Object& operator=(Object&& other) noexcept;
    ~Object();

    size_t size() const noexcept { return members_.size(); }
    bool empty() const noexcept { return members_.empty(); }
    const Value* find(std::string_view key) const noexcept;
    Value* find(std::string_view key) noexcept;
    bool contains(std::string_view key) const noexcept { return find(key) != nullptr; }
    // Replaces the value of an existing key in place, or appends a new member.
    void set(std::string_view key, Value value);
    void set_member(Value key, Value value);  // same, reusing a string Value as the key
    // Appends without checking for an existing key (the caller knows it is new).
    void append(Value key, Value value);
    bool erase(std::string_view key);
    void reserve(size_t n) { members_.reserve(n); }
    void clear() noexcept;

    auto begin() const noexcept { return members_.begin(); }
    auto end() const noexcept { return members_.end(); }
    auto begin() noexcept { return members_.begin(); }
    auto end() noexcept { return members_.end(); }
    const Member& at(size_t i) const noexcept { return members_[i]; }

private:
    struct Index;
    std::vector<Member> members_;
    // Sorted permutation of members_ for large objects; built on first lookup.
    mutable std::atomic<Index*> index_{nullptr};
    void drop_index() noexcept;
    const Index* ensure_index() const;
    long lookup(std::string_view key) const noexcept;
};

}  // namespace stepwise::json
