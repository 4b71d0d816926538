// What the data rules know of a JSON value a run would see: all of it (a
// known value), an object whose field names are all known though some values
// are not, an array whose length is known though some elements are not, or
// nothing. A field is certainly missing only from a value whose field names
// are all known.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/value.h"

namespace stepwise::lint {

class Shape {
public:
    enum class Kind { Unknown, Known, Object, Array };

    Shape() = default;  // unknown
    static Shape known(json::Value value);
    // Becomes a known value when every field (element) is known.
    static Shape object(std::vector<std::string> names, std::vector<Shape> values);
    static Shape array(std::vector<Shape> elements);

    Kind kind() const { return kind_; }
    bool is_unknown() const { return kind_ == Kind::Unknown; }
    bool is_known() const { return kind_ == Kind::Known; }
    const json::Value& value() const { return value_; }  // Known

    // Objects (known or not): the field names, in order, and one field's shape
    // (nullopt when the object has no such field).
    bool is_object() const;
    std::vector<std::string> names() const;
    std::optional<Shape> field(std::string_view name) const;
    // Arrays (known or not).
    bool is_array() const;
    size_t length() const;
    Shape element(size_t index) const;  // index < length()

    // This object with `name` set to `value` (added last when new).
    Shape with_field(std::string_view name, Shape value) const;

    // Every unknown part replaced by null: a value that agrees with this shape
    // wherever the shape is known.
    json::Value concretized() const;
    // "a string", "an array", "an object", ... (unknown: "a value").
    std::string kind_name() const;

    friend bool operator==(const Shape& a, const Shape& b);

private:
    Kind kind_ = Kind::Unknown;
    json::Value value_;
    std::vector<std::string> names_;  // Object
    std::vector<Shape> parts_;        // Object: the fields' values; Array: the elements
};

// What a value may be at one point of a run: one of these alternatives (each
// from some example). Empty: no example reaches the point. Unknown absorbs
// the rest (anything may be there), and so does a set grown past a bound.
class Alternatives {
public:
    static constexpr size_t kMaxAlternatives = 16;

    static Alternatives unknown();
    // Returns true when it changed.
    bool add(const Shape& shape);
    bool add_all(const Alternatives& other);

    bool empty() const { return shapes_.empty(); }
    bool is_unknown() const { return shapes_.size() == 1 && shapes_[0].is_unknown(); }
    const std::vector<Shape>& shapes() const { return shapes_; }
    auto begin() const { return shapes_.begin(); }
    auto end() const { return shapes_.end(); }

private:
    std::vector<Shape> shapes_;
};

}  // namespace stepwise::lint
