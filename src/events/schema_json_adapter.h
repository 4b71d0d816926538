// Lets valijson read stepwise's json::Value, both as a schema and as the
// document being validated.
//
// valijson reaches a JSON library through an adapter: BasicAdapter supplies the
// loose conversions and the comparisons, and asks a small "value" class for the
// facts (kind, size, scalars) and for array and object views whose iterators
// yield adapters again. This file provides those pieces for json::Value.
//
// Adapters hold a pointer to the Value, never a copy: the Value they point to
// must outlive them (valijson only keeps FrozenValue copies, which own theirs).
//
// Numbers: a number is an `integer` for JSON Schema when it was written without
// fraction or exponent (or built from an integer) and fits in 64 bits, so `3`
// is an integer and `3.0`, `3e0` are not (draft 4 reading; see the registry's
// header for the draft 6+ difference).
#pragma once

// valijson's exceptions.hpp includes <stdexcept> inside its namespace when
// exceptions are on, so it must already be included; without exceptions valijson
// aborts the process on a bad schema.
#include <stdexcept>
#if !VALIJSON_USE_EXCEPTIONS
#error "stepwise builds valijson with VALIJSON_USE_EXCEPTIONS=1 (see src/events/CMakeLists.txt)"
#endif

#include <valijson/internal/adapter.hpp>
#include <valijson/internal/basic_adapter.hpp>
#include <valijson/internal/frozen_value.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

#include "json/value.h"

namespace stepwise::events {

class SchemaJsonAdapter;
class SchemaJsonArrayIterator;
class SchemaJsonMemberIterator;

using SchemaJsonMember = std::pair<std::string, SchemaJsonAdapter>;

namespace schema_json_detail {
// Shared empties, so default-constructed views never dangle.
inline const json::Value& empty_array_value() {
    static const json::Value value{json::Array{}};
    return value;
}
inline const json::Value& empty_object_value() {
    static const json::Value value{json::Object{}};
    return value;
}
}  // namespace schema_json_detail

// A read-only view of a json::Value that is an array.
class SchemaJsonArray {
public:
    using const_iterator = SchemaJsonArrayIterator;
    using iterator = SchemaJsonArrayIterator;

    SchemaJsonArray() : array_(&schema_json_detail::empty_array_value().as_array()) {}
    explicit SchemaJsonArray(const json::Value& value);

    SchemaJsonArrayIterator begin() const;
    SchemaJsonArrayIterator end() const;
    size_t size() const { return array_->size(); }

private:
    const json::Array* array_;
};

// A read-only view of a json::Value that is an object, in key order.
class SchemaJsonObject {
public:
    using const_iterator = SchemaJsonMemberIterator;
    using iterator = SchemaJsonMemberIterator;

    SchemaJsonObject() : object_(&schema_json_detail::empty_object_value().as_object()) {}
    explicit SchemaJsonObject(const json::Value& value);

    SchemaJsonMemberIterator begin() const;
    SchemaJsonMemberIterator end() const;
    SchemaJsonMemberIterator find(const std::string& key) const;
    size_t size() const { return object_->size(); }

private:
    const json::Object* object_;
};

// An owned copy of a value (for `enum` and `const`), compared later through an adapter.
class SchemaJsonFrozenValue : public valijson::adapters::FrozenValue {
public:
    explicit SchemaJsonFrozenValue(json::Value value) : value_(std::move(value)) {}
    FrozenValue* clone() const override { return new SchemaJsonFrozenValue(value_); }
    bool equalTo(const valijson::adapters::Adapter& other, bool strict) const override;

private:
    json::Value value_;
};

// The facts BasicAdapter asks for, answered from a json::Value.
class SchemaJsonValue {
public:
    SchemaJsonValue() : value_(&schema_json_detail::empty_object_value()) {}
    explicit SchemaJsonValue(const json::Value& value) : value_(&value) {}

    bool isArray() const { return value_->is_array(); }
    bool isObject() const { return value_->is_object(); }
    bool isString() const { return value_->is_string(); }
    bool isBool() const { return value_->is_bool(); }
    bool isNull() const { return value_->is_null(); }
    bool isNumber() const { return value_->is_number(); }
    bool isInteger() const { return value_->is_exact_int(); }
    bool isDouble() const { return value_->is_number() && !value_->is_exact_int(); }

    std::optional<SchemaJsonArray> getArrayOptional() const {
        if (!isArray()) return std::optional<SchemaJsonArray>();
        return SchemaJsonArray(*value_);
    }
    std::optional<SchemaJsonObject> getObjectOptional() const {
        if (!isObject()) return std::optional<SchemaJsonObject>();
        return SchemaJsonObject(*value_);
    }

    bool getArraySize(size_t& result) const {
        if (!isArray()) return false;
        result = value_->size();
        return true;
    }
    bool getObjectSize(size_t& result) const {
        if (!isObject()) return false;
        result = value_->size();
        return true;
    }
    bool getBool(bool& result) const {
        if (!isBool()) return false;
        result = value_->as_bool();
        return true;
    }
    bool getDouble(double& result) const {
        if (!isDouble()) return false;
        result = value_->as_double();
        return true;
    }
    bool getInteger(int64_t& result) const {
        if (!isInteger()) return false;
        result = value_->as_int();
        return true;
    }
    bool getString(std::string& result) const {
        if (!isString()) return false;
        result.assign(value_->as_string());
        return true;
    }

    static bool hasStrictTypes() { return true; }

    valijson::adapters::FrozenValue* freeze() const { return new SchemaJsonFrozenValue(*value_); }

private:
    const json::Value* value_;
};

class SchemaJsonAdapter
    : public valijson::adapters::BasicAdapter<SchemaJsonAdapter, SchemaJsonArray, SchemaJsonMember,
                                              SchemaJsonObject, SchemaJsonValue> {
public:
    SchemaJsonAdapter() = default;
    // Not explicit: valijson builds adapters from document values implicitly.
    SchemaJsonAdapter(const json::Value& value) : BasicAdapter(SchemaJsonValue(value)) {}
};

class SchemaJsonArrayIterator {
public:
    using iterator_category = std::bidirectional_iterator_tag;
    using value_type = SchemaJsonAdapter;
    using difference_type = std::ptrdiff_t;
    using pointer = SchemaJsonAdapter*;
    using reference = SchemaJsonAdapter&;

    explicit SchemaJsonArrayIterator(const json::Value* element) : element_(element) {}

    SchemaJsonAdapter operator*() const { return SchemaJsonAdapter(*element_); }
    valijson::adapters::DerefProxy<SchemaJsonAdapter> operator->() const {
        return valijson::adapters::DerefProxy<SchemaJsonAdapter>(**this);
    }
    bool operator==(const SchemaJsonArrayIterator& other) const { return element_ == other.element_; }
    bool operator!=(const SchemaJsonArrayIterator& other) const { return element_ != other.element_; }
    SchemaJsonArrayIterator& operator++() {
        ++element_;
        return *this;
    }
    SchemaJsonArrayIterator operator++(int) {
        SchemaJsonArrayIterator before = *this;
        ++element_;
        return before;
    }
    SchemaJsonArrayIterator& operator--() {
        --element_;
        return *this;
    }
    // valijson's JSON pointer resolution steps to an index with advance().
    void advance(std::ptrdiff_t n) { element_ += n; }

private:
    const json::Value* element_;  // into the array's contiguous storage
};

class SchemaJsonMemberIterator {
public:
    using iterator_category = std::bidirectional_iterator_tag;
    using value_type = SchemaJsonMember;
    using difference_type = std::ptrdiff_t;
    using pointer = SchemaJsonMember*;
    using reference = SchemaJsonMember&;

    explicit SchemaJsonMemberIterator(const json::Member* member) : member_(member) {}

    SchemaJsonMember operator*() const {
        return SchemaJsonMember(std::string(member_->name()), SchemaJsonAdapter(member_->value));
    }
    valijson::adapters::DerefProxy<SchemaJsonMember> operator->() const {
        return valijson::adapters::DerefProxy<SchemaJsonMember>(**this);
    }
    bool operator==(const SchemaJsonMemberIterator& other) const { return member_ == other.member_; }
    bool operator!=(const SchemaJsonMemberIterator& other) const { return member_ != other.member_; }
    SchemaJsonMemberIterator& operator++() {
        ++member_;
        return *this;
    }
    SchemaJsonMemberIterator operator++(int) {
        SchemaJsonMemberIterator before = *this;
        ++member_;
        return before;
    }
    SchemaJsonMemberIterator& operator--() {
        --member_;
        return *this;
    }

private:
    const json::Member* member_;  // into the object's contiguous member storage
};

// --- inline definitions that need the complete types above ---

inline SchemaJsonArray::SchemaJsonArray(const json::Value& value) : SchemaJsonArray() {
    if (!value.is_array()) valijson::throwRuntimeError("Value is not an array.");
    array_ = &value.as_array();
}

inline SchemaJsonArrayIterator SchemaJsonArray::begin() const {
    return SchemaJsonArrayIterator(array_->items().data());
}

inline SchemaJsonArrayIterator SchemaJsonArray::end() const {
    return SchemaJsonArrayIterator(array_->items().data() + array_->size());
}

inline SchemaJsonObject::SchemaJsonObject(const json::Value& value) : SchemaJsonObject() {
    if (!value.is_object()) valijson::throwRuntimeError("Value is not an object.");
    object_ = &value.as_object();
}

inline SchemaJsonMemberIterator SchemaJsonObject::begin() const {
    return SchemaJsonMemberIterator(object_->empty() ? nullptr : &object_->at(0));
}

inline SchemaJsonMemberIterator SchemaJsonObject::end() const {
    return SchemaJsonMemberIterator(object_->empty() ? nullptr : &object_->at(0) + object_->size());
}

inline SchemaJsonMemberIterator SchemaJsonObject::find(const std::string& key) const {
    // Object::find uses the object's own index, but answers with the member's
    // value; the member is found by its position in the contiguous storage.
    const json::Value* value = object_->find(key);
    if (value == nullptr) return end();
    const json::Member* first = &object_->at(0);
    const auto offset = reinterpret_cast<const char*>(value) - reinterpret_cast<const char*>(&first->value);
    return SchemaJsonMemberIterator(first + offset / static_cast<std::ptrdiff_t>(sizeof(json::Member)));
}

inline bool SchemaJsonFrozenValue::equalTo(const valijson::adapters::Adapter& other, bool strict) const {
    return SchemaJsonAdapter(value_).equalTo(other, strict);
}

}  // namespace stepwise::events

namespace valijson::adapters {
template <>
struct AdapterTraits<stepwise::events::SchemaJsonAdapter> {
    using DocumentType = stepwise::json::Value;
    static std::string adapterName() { return "StepwiseJsonAdapter"; }
};
}  // namespace valijson::adapters
