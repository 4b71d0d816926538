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
// Numbers: what counts as an `integer` changed between drafts, so an adapter
// carries an IntegerReading. Draft 4 (WrittenAsInteger): a number written without
// fraction or exponent (or built from an integer) that fits in 64 bits, so `3.0`
// and `3e0` are not integers. Draft 6+ (IntegralValue): any number whose value is
// a whole number that fits in 64 bits, so `3.0` is one.
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

enum class IntegerReading : bool { WrittenAsInteger, IntegralValue };

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
    SchemaJsonArray(const json::Value& value, IntegerReading reading);

    SchemaJsonArrayIterator begin() const;
    SchemaJsonArrayIterator end() const;
    size_t size() const { return array_->size(); }

private:
    const json::Array* array_;
    IntegerReading reading_ = IntegerReading::WrittenAsInteger;
};

// A read-only view of a json::Value that is an object, in key order.
class SchemaJsonObject {
public:
    using const_iterator = SchemaJsonMemberIterator;
    using iterator = SchemaJsonMemberIterator;

    SchemaJsonObject() : object_(&schema_json_detail::empty_object_value().as_object()) {}
    SchemaJsonObject(const json::Value& value, IntegerReading reading);

    SchemaJsonMemberIterator begin() const;
    SchemaJsonMemberIterator end() const;
    SchemaJsonMemberIterator find(const std::string& key) const;
    size_t size() const { return object_->size(); }

private:
    const json::Object* object_;
    IntegerReading reading_ = IntegerReading::WrittenAsInteger;
};

// An owned copy of a value (for `enum` and `const`), compared later through an adapter.
class SchemaJsonFrozenValue : public valijson::adapters::FrozenValue {
public:
    SchemaJsonFrozenValue(json::Value value, IntegerReading reading) : value_(std::move(value)), reading_(reading) {}
    FrozenValue* clone() const override { return new SchemaJsonFrozenValue(value_, reading_); }
    bool equalTo(const valijson::adapters::Adapter& other, bool strict) const override;

private:
    json::Value value_;
    IntegerReading reading_;
};

// The facts BasicAdapter asks for, answered from a json::Value.
class SchemaJsonValue {
public:
    SchemaJsonValue() : value_(&schema_json_detail::empty_object_value()) {}
    SchemaJsonValue(const json::Value& value, IntegerReading reading) : value_(&value), reading_(reading) {}

    bool isArray() const { return value_->is_array(); }
    bool isObject() const { return value_->is_object(); }
    bool isString() const { return value_->is_string(); }
    bool isBool() const { return value_->is_bool(); }
    bool isNull() const { return value_->is_null(); }
    bool isNumber() const { return value_->is_number(); }
    bool isInteger() const {
        return reading_ == IntegerReading::IntegralValue ? value_->is_integer() : value_->is_exact_int();
    }
    bool isDouble() const { return value_->is_number() && !isInteger(); }

    std::optional<SchemaJsonArray> getArrayOptional() const {
        if (!isArray()) return std::optional<SchemaJsonArray>();
        return SchemaJsonArray(*value_, reading_);
    }
    std::optional<SchemaJsonObject> getObjectOptional() const {
        if (!isObject()) return std::optional<SchemaJsonObject>();
        return SchemaJsonObject(*value_, reading_);
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

    valijson::adapters::FrozenValue* freeze() const { return new SchemaJsonFrozenValue(*value_, reading_); }

private:
    const json::Value* value_;
    IntegerReading reading_ = IntegerReading::WrittenAsInteger;
};

class SchemaJsonAdapter
    : public valijson::adapters::BasicAdapter<SchemaJsonAdapter, SchemaJsonArray, SchemaJsonMember,
                                              SchemaJsonObject, SchemaJsonValue> {
public:
    SchemaJsonAdapter() = default;
    // Not explicit: valijson builds adapters from document values implicitly.
    SchemaJsonAdapter(const json::Value& value, IntegerReading reading = IntegerReading::WrittenAsInteger)
        : BasicAdapter(SchemaJsonValue(value, reading)) {}
};

class SchemaJsonArrayIterator {
public:
    using iterator_category = std::bidirectional_iterator_tag;
    using value_type = SchemaJsonAdapter;
    using difference_type = std::ptrdiff_t;
    using pointer = SchemaJsonAdapter*;
    using reference = SchemaJsonAdapter&;

    SchemaJsonArrayIterator(const json::Value* element, IntegerReading reading) : element_(element), reading_(reading) {}

    SchemaJsonAdapter operator*() const { return SchemaJsonAdapter(*element_, reading_); }
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
    IntegerReading reading_;
};

class SchemaJsonMemberIterator {
public:
    using iterator_category = std::bidirectional_iterator_tag;
    using value_type = SchemaJsonMember;
    using difference_type = std::ptrdiff_t;
    using pointer = SchemaJsonMember*;
    using reference = SchemaJsonMember&;

    SchemaJsonMemberIterator(const json::Member* member, IntegerReading reading) : member_(member), reading_(reading) {}

    SchemaJsonMember operator*() const {
        return SchemaJsonMember(std::string(member_->name()), SchemaJsonAdapter(member_->value, reading_));
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
    IntegerReading reading_;
};

// --- inline definitions that need the complete types above ---

inline SchemaJsonArray::SchemaJsonArray(const json::Value& value, IntegerReading reading) : SchemaJsonArray() {
    if (!value.is_array()) valijson::throwRuntimeError("Value is not an array.");
    array_ = &value.as_array();
    reading_ = reading;
}

inline SchemaJsonArrayIterator SchemaJsonArray::begin() const {
    return SchemaJsonArrayIterator(array_->items().data(), reading_);
}

inline SchemaJsonArrayIterator SchemaJsonArray::end() const {
    return SchemaJsonArrayIterator(array_->items().data() + array_->size(), reading_);
}

inline SchemaJsonObject::SchemaJsonObject(const json::Value& value, IntegerReading reading) : SchemaJsonObject() {
    if (!value.is_object()) valijson::throwRuntimeError("Value is not an object.");
    object_ = &value.as_object();
    reading_ = reading;
}

inline SchemaJsonMemberIterator SchemaJsonObject::begin() const {
    return SchemaJsonMemberIterator(object_->empty() ? nullptr : &object_->at(0), reading_);
}

inline SchemaJsonMemberIterator SchemaJsonObject::end() const {
    return SchemaJsonMemberIterator(object_->empty() ? nullptr : &object_->at(0) + object_->size(), reading_);
}

inline SchemaJsonMemberIterator SchemaJsonObject::find(const std::string& key) const {
    // Object::find uses the object's own index, but answers with the member's
    // value; the member is found by its position in the contiguous storage.
    const json::Value* value = object_->find(key);
    if (value == nullptr) return end();
    const json::Member* first = &object_->at(0);
    const auto offset = reinterpret_cast<const char*>(value) - reinterpret_cast<const char*>(&first->value);
    return SchemaJsonMemberIterator(first + offset / static_cast<std::ptrdiff_t>(sizeof(json::Member)), reading_);
}

inline bool SchemaJsonFrozenValue::equalTo(const valijson::adapters::Adapter& other, bool strict) const {
    return SchemaJsonAdapter(value_, reading_).equalTo(other, strict);
}

}  // namespace stepwise::events

namespace valijson::adapters {
template <>
struct AdapterTraits<stepwise::events::SchemaJsonAdapter> {
    using DocumentType = stepwise::json::Value;
    static std::string adapterName() { return "StepwiseJsonAdapter"; }
};
}  // namespace valijson::adapters
