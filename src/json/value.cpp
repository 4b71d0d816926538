#include "json/value.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <new>

#include "json/write.h"

namespace stepwise::json {

namespace detail {

struct StringNode : Node {
    uint32_t size;
    char* data() noexcept { return reinterpret_cast<char*>(this + 1); }

    static StringNode* make(std::string_view s) {
        void* memory = ::operator new(sizeof(StringNode) + s.size());
        auto* node = new (memory) StringNode();
        node->size = static_cast<uint32_t>(s.size());
        std::memcpy(node->data(), s.data(), s.size());
        return node;
    }
    static void destroy(StringNode* node) noexcept {
        node->~StringNode();
        ::operator delete(node);
    }
};

struct NumberNode : Node {
    double value;
    std::string text;
};

struct ArrayNode : Node {
    Array array;
};

struct ObjectNode : Node {
    Object object;
};

}  // namespace detail

using detail::ArrayNode;
using detail::Node;
using detail::NumberNode;
using detail::ObjectNode;
using detail::StringNode;

std::string_view kind_name(Kind kind) {
    switch (kind) {
        case Kind::Null: return "null";
        case Kind::Bool: return "boolean";
        case Kind::Number: return "number";
        case Kind::String: return "string";
        case Kind::Array: return "array";
        case Kind::Object: return "object";
    }
    return "unknown";
}

// ---- construction and lifetime ------------------------------------------------

Value::Value(long long i) noexcept {
    tag_ = Tag::Int;
    int64_t v = i;
    std::memcpy(storage_, &v, sizeof v);
}

Value::Value(unsigned long i) noexcept : Value(static_cast<unsigned long long>(i)) {}

Value::Value(unsigned long long i) noexcept {
    if (i <= static_cast<unsigned long long>(std::numeric_limits<int64_t>::max())) {
        tag_ = Tag::Int;
        int64_t v = static_cast<int64_t>(i);
        std::memcpy(storage_, &v, sizeof v);
    } else {
        tag_ = Tag::Double;
        double d = static_cast<double>(i);
        std::memcpy(storage_, &d, sizeof d);
    }
}

Value::Value(double d) noexcept {
    tag_ = Tag::Double;
    std::memcpy(storage_, &d, sizeof d);
}

Value::Value(std::string_view s) {
    if (s.size() <= kInlineCapacity) {
        tag_ = Tag::InlineString;
        inline_size_ = static_cast<uint8_t>(s.size());
        if (!s.empty()) std::memcpy(storage_, s.data(), s.size());
    } else {
        set_node(StringNode::make(s), Tag::HeapString);
    }
}

Value::Value(Array a) {
    auto* n = new ArrayNode();
    n->array = std::move(a);
    set_node(n, Tag::Array);
}

Value::Value(Object o) {
    auto* n = new ObjectNode();
    n->object = std::move(o);
    set_node(n, Tag::Object);
}

Value Value::number_with_text(double value, std::string_view text) {
    Value v;
    auto* n = new NumberNode();
    n->value = value;
    n->text = std::string(text);
    v.set_node(n, Tag::BigNumber);
    return v;
}

Node* Value::node() const noexcept {
    Node* n;
    std::memcpy(&n, storage_, sizeof n);
    return n;
}

void Value::set_node(Node* n, Tag tag) noexcept {
    std::memcpy(storage_, &n, sizeof n);
    tag_ = tag;
}

static bool has_node(uint8_t tag) noexcept {
    // BigNumber, HeapString, Array, Object
    return tag == 5 || tag == 7 || tag == 8 || tag == 9;
}

void Value::retain() const noexcept {
    if (has_node(static_cast<uint8_t>(tag_))) node()->refs.fetch_add(1, std::memory_order_relaxed);
}

void Value::release() noexcept {
    if (!has_node(static_cast<uint8_t>(tag_))) return;
    Node* n = node();
    if (n->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    switch (tag_) {
        case Tag::BigNumber: delete static_cast<NumberNode*>(n); break;
        case Tag::HeapString: StringNode::destroy(static_cast<StringNode*>(n)); break;
        case Tag::Array: delete static_cast<ArrayNode*>(n); break;
        case Tag::Object: delete static_cast<ObjectNode*>(n); break;
        default: break;
    }
}

Value::Value(const Value& other) noexcept {
    std::memcpy(static_cast<void*>(this), &other, sizeof(Value));
    retain();
}

Value::Value(Value&& other) noexcept {
    std::memcpy(static_cast<void*>(this), &other, sizeof(Value));
    other.tag_ = Tag::Null;
}

Value& Value::operator=(const Value& other) noexcept {
    if (this != &other) {
        other.retain();
        release();
        std::memcpy(static_cast<void*>(this), &other, sizeof(Value));
    }
    return *this;
}

Value& Value::operator=(Value&& other) noexcept {
    if (this != &other) {
        release();
        std::memcpy(static_cast<void*>(this), &other, sizeof(Value));
        other.tag_ = Tag::Null;
    }
    return *this;
}

Value::~Value() { release(); }

// ---- access -----------------------------------------------------------------

Kind Value::kind() const noexcept {
    switch (tag_) {
        case Tag::Null: return Kind::Null;
        case Tag::False:
        case Tag::True: return Kind::Bool;
        case Tag::Int:
        case Tag::Double:
        case Tag::BigNumber: return Kind::Number;
        case Tag::InlineString:
        case Tag::HeapString: return Kind::String;
        case Tag::Array: return Kind::Array;
        case Tag::Object: return Kind::Object;
    }
    return Kind::Null;
}

bool Value::is_integer() const noexcept {
    if (tag_ == Tag::Int) return true;
    if (tag_ != Tag::Double && tag_ != Tag::BigNumber) return false;
    double d = as_double();
    return std::isfinite(d) && std::trunc(d) == d && d >= -9.2233720368547758e18 && d < 9.2233720368547758e18;
}

double Value::as_double() const noexcept {
    switch (tag_) {
        case Tag::Int: {
            int64_t v;
            std::memcpy(&v, storage_, sizeof v);
            return static_cast<double>(v);
        }
        case Tag::Double: {
            double d;
            std::memcpy(&d, storage_, sizeof d);
            return d;
        }
        case Tag::BigNumber: return static_cast<NumberNode*>(node())->value;
        default: return 0;
    }
}

int64_t Value::as_int() const noexcept {
    if (tag_ == Tag::Int) {
        int64_t v;
        std::memcpy(&v, storage_, sizeof v);
        return v;
    }
    double d = as_double();
    if (!(d == d)) return 0;
    if (d >= 9.2233720368547758e18) return std::numeric_limits<int64_t>::max();
    if (d <= -9.2233720368547758e18) return std::numeric_limits<int64_t>::min();
    return static_cast<int64_t>(d);
}

std::string_view Value::as_string() const noexcept {
    if (tag_ == Tag::InlineString) return {reinterpret_cast<const char*>(storage_), inline_size_};
    if (tag_ == Tag::HeapString) {
        auto* n = static_cast<StringNode*>(node());
        return {n->data(), n->size};
    }
    return {};
}

static const Array kEmptyArray;
static const Object kEmptyObject;

const Array& Value::as_array() const noexcept {
    return tag_ == Tag::Array ? static_cast<ArrayNode*>(node())->array : kEmptyArray;
}

const Object& Value::as_object() const noexcept {
    return tag_ == Tag::Object ? static_cast<ObjectNode*>(node())->object : kEmptyObject;
}

Array& Value::mutable_array() {
    if (tag_ != Tag::Array) {
        *this = Value(Array());
    } else if (node()->refs.load(std::memory_order_acquire) != 1) {
        *this = Value(Array(static_cast<ArrayNode*>(node())->array));
    }
    return static_cast<ArrayNode*>(node())->array;
}

Object& Value::mutable_object() {
    if (tag_ != Tag::Object) {
        *this = Value(Object());
    } else if (node()->refs.load(std::memory_order_acquire) != 1) {
        *this = Value(Object(static_cast<ObjectNode*>(node())->object));
    }
    return static_cast<ObjectNode*>(node())->object;
}

const Value* Value::find(std::string_view key) const noexcept {
    if (tag_ != Tag::Object) return nullptr;
    return static_cast<ObjectNode*>(node())->object.find(key);
}

size_t Value::size() const noexcept {
    if (tag_ == Tag::Array) return static_cast<ArrayNode*>(node())->array.size();
    if (tag_ == Tag::Object) return static_cast<ObjectNode*>(node())->object.size();
    return 0;
}

bool Value::same_node(const Value& other) const noexcept {
    if (tag_ != other.tag_) return false;
    if (has_node(static_cast<uint8_t>(tag_))) return node() == other.node();
    return *this == other;
}

std::string Value::number_text() const {
    if (tag_ == Tag::BigNumber) return static_cast<NumberNode*>(node())->text;
    if (tag_ == Tag::Int) return std::to_string(as_int());
    return format_double(as_double());
}

bool operator==(const Value& a, const Value& b) noexcept {
    Kind ka = a.kind();
    if (ka != b.kind()) return false;
    switch (ka) {
        case Kind::Null: return true;
        case Kind::Bool: return a.tag_ == b.tag_;
        case Kind::Number:
            if (a.tag_ == Value::Tag::Int && b.tag_ == Value::Tag::Int) return a.as_int() == b.as_int();
            if (a.tag_ == Value::Tag::BigNumber && b.tag_ == Value::Tag::BigNumber &&
                a.number_text() == b.number_text())
                return true;
            return a.as_double() == b.as_double();
        case Kind::String: return a.as_string() == b.as_string();
        case Kind::Array: {
            if (a.same_node(b)) return true;
            const Array& x = a.as_array();
            const Array& y = b.as_array();
            if (x.size() != y.size()) return false;
            for (size_t i = 0; i < x.size(); ++i)
                if (x[i] != y[i]) return false;
            return true;
        }
        case Kind::Object: {
            if (a.same_node(b)) return true;
            const Object& x = a.as_object();
            const Object& y = b.as_object();
            if (x.size() != y.size()) return false;
            for (const Member& m : x) {
                const Value* other = y.find(m.name());
                if (!other || *other != m.value) return false;
            }
            return true;
        }
    }
    return false;
}

// ---- Object -----------------------------------------------------------------

namespace {
constexpr size_t kIndexThreshold = 12;
}

struct Object::Index {
    std::vector<uint32_t> order;  // member positions sorted by key
};

Object::Object(std::initializer_list<std::pair<std::string_view, Value>> members) {
    members_.reserve(members.size());
    for (const auto& [key, value] : members) set(key, value);
}

Object::Object(const Object& other) : members_(other.members_) {}

Object::Object(Object&& other) noexcept : members_(std::move(other.members_)) {
    index_.store(other.index_.exchange(nullptr, std::memory_order_acq_rel), std::memory_order_release);
}

Object& Object::operator=(const Object& other) {
    if (this != &other) {
        drop_index();
        members_ = other.members_;
    }
    return *this;
}

Object& Object::operator=(Object&& other) noexcept {
    if (this != &other) {
        drop_index();
        members_ = std::move(other.members_);
        index_.store(other.index_.exchange(nullptr, std::memory_order_acq_rel), std::memory_order_release);
    }
    return *this;
}

Object::~Object() { drop_index(); }

void Object::drop_index() noexcept { delete index_.exchange(nullptr, std::memory_order_acq_rel); }

const Object::Index* Object::ensure_index() const {
    Index* existing = index_.load(std::memory_order_acquire);
    if (existing) return existing;
    auto* built = new Index();
    built->order.resize(members_.size());
    for (uint32_t i = 0; i < members_.size(); ++i) built->order[i] = i;
    std::stable_sort(built->order.begin(), built->order.end(),
                     [this](uint32_t a, uint32_t b) { return members_[a].name() < members_[b].name(); });
    Index* expected = nullptr;
    if (index_.compare_exchange_strong(expected, built, std::memory_order_acq_rel)) return built;
    delete built;
    return expected;
}

long Object::lookup(std::string_view key) const noexcept {
    if (members_.size() < kIndexThreshold) {
        for (size_t i = 0; i < members_.size(); ++i)
            if (members_[i].name() == key) return static_cast<long>(i);
        return -1;
    }
    const Index* index;
    try {
        index = ensure_index();
    } catch (...) {
        for (size_t i = 0; i < members_.size(); ++i)
            if (members_[i].name() == key) return static_cast<long>(i);
        return -1;
    }
    auto it = std::lower_bound(index->order.begin(), index->order.end(), key,
                               [this](uint32_t pos, std::string_view k) { return members_[pos].name() < k; });
    if (it != index->order.end() && members_[*it].name() == key) return *it;
    return -1;
}

const Value* Object::find(std::string_view key) const noexcept {
    long i = lookup(key);
    return i < 0 ? nullptr : &members_[static_cast<size_t>(i)].value;
}

Value* Object::find(std::string_view key) noexcept {
    long i = lookup(key);
    return i < 0 ? nullptr : &members_[static_cast<size_t>(i)].value;
}

void Object::set(std::string_view key, Value value) {
    if (Value* existing = find(key)) {
        *existing = std::move(value);
        return;
    }
    append(Value(key), std::move(value));
}

void Object::set_member(Value key, Value value) {
    if (Value* existing = find(key.as_string())) {
        *existing = std::move(value);
        return;
    }
    append(std::move(key), std::move(value));
}

void Object::append(Value key, Value value) {
    drop_index();
    members_.push_back(Member{std::move(key), std::move(value)});
}

bool Object::erase(std::string_view key) {
    long i = lookup(key);
    if (i < 0) return false;
    drop_index();
    members_.erase(members_.begin() + i);
    return true;
}

void Object::clear() noexcept {
    drop_index();
    members_.clear();
}

}  // namespace stepwise::json
