#include "lint/shape.h"

#include <algorithm>

namespace stepwise::lint {

Shape Shape::known(json::Value value) {
    Shape s;
    s.kind_ = Kind::Known;
    s.value_ = std::move(value);
    return s;
}

Shape Shape::object(std::vector<std::string> names, std::vector<Shape> values) {
    if (std::all_of(values.begin(), values.end(), [](const Shape& v) { return v.is_known(); })) {
        json::Object o;
        for (size_t i = 0; i < names.size(); ++i) o.set(names[i], values[i].value_);
        return known(json::Value(std::move(o)));
    }
    Shape s;
    s.kind_ = Kind::Object;
    s.names_ = std::move(names);
    s.parts_ = std::move(values);
    return s;
}

Shape Shape::array(std::vector<Shape> elements) {
    if (std::all_of(elements.begin(), elements.end(), [](const Shape& v) { return v.is_known(); })) {
        json::Array a;
        for (Shape& e : elements) a.push_back(std::move(e.value_));
        return known(json::Value(std::move(a)));
    }
    Shape s;
    s.kind_ = Kind::Array;
    s.parts_ = std::move(elements);
    return s;
}

bool Shape::is_object() const { return kind_ == Kind::Object || (kind_ == Kind::Known && value_.is_object()); }
bool Shape::is_array() const { return kind_ == Kind::Array || (kind_ == Kind::Known && value_.is_array()); }

std::vector<std::string> Shape::names() const {
    if (kind_ == Kind::Object) return names_;
    std::vector<std::string> out;
    if (is_object())
        for (const json::Member& m : value_.as_object()) out.emplace_back(m.name());
    return out;
}

std::optional<Shape> Shape::field(std::string_view name) const {
    if (kind_ == Kind::Object) {
        auto it = std::find(names_.begin(), names_.end(), name);
        if (it == names_.end()) return std::nullopt;
        return parts_[size_t(it - names_.begin())];
    }
    if (!is_object()) return std::nullopt;
    const json::Value* v = value_.find(name);
    if (!v) return std::nullopt;
    return known(*v);
}

size_t Shape::length() const {
    if (kind_ == Kind::Array) return parts_.size();
    return is_array() ? value_.as_array().size() : 0;
}

Shape Shape::element(size_t index) const {
    if (kind_ == Kind::Array) return parts_[index];
    return known(value_.as_array()[index]);
}

Shape Shape::with_field(std::string_view name, Shape value) const {
    std::vector<std::string> names = this->names();
    std::vector<Shape> values;
    values.reserve(names.size() + 1);
    bool replaced = false;
    for (const std::string& n : names) {
        if (n == name) {
            values.push_back(value);
            replaced = true;
        } else {
            values.push_back(*field(n));
        }
    }
    if (!replaced) {
        names.emplace_back(name);
        values.push_back(std::move(value));
    }
    return object(std::move(names), std::move(values));
}

json::Value Shape::concretized() const {
    switch (kind_) {
        case Kind::Unknown: return json::Value();
        case Kind::Known: return value_;
        case Kind::Object: {
            json::Object o;
            for (size_t i = 0; i < names_.size(); ++i) o.set(names_[i], parts_[i].concretized());
            return json::Value(std::move(o));
        }
        case Kind::Array: {
            json::Array a;
            for (const Shape& e : parts_) a.push_back(e.concretized());
            return json::Value(std::move(a));
        }
    }
    return json::Value();
}

std::string Shape::kind_name() const {
    if (kind_ == Kind::Unknown) return "a value";
    if (is_object()) return "an object";
    if (is_array()) return "an array";
    switch (value_.kind()) {
        case json::Kind::Null: return "null";
        case json::Kind::Bool: return "a boolean";
        case json::Kind::Number: return "a number";
        case json::Kind::String: return "a string";
        default: return "a value";
    }
}

bool operator==(const Shape& a, const Shape& b) {
    return a.kind_ == b.kind_ && a.value_ == b.value_ && a.names_ == b.names_ && a.parts_ == b.parts_;
}

Alternatives Alternatives::unknown() {
    Alternatives a;
    a.shapes_.emplace_back();
    return a;
}

bool Alternatives::add(const Shape& shape) {
    if (is_unknown()) return false;
    if (!shape.is_unknown() && std::find(shapes_.begin(), shapes_.end(), shape) != shapes_.end()) return false;
    if (shape.is_unknown() || shapes_.size() == kMaxAlternatives) {
        *this = unknown();
        return true;
    }
    shapes_.push_back(shape);
    return true;
}

bool Alternatives::add_all(const Alternatives& other) {
    bool changed = false;
    for (const Shape& s : other) changed = add(s) || changed;
    return changed;
}

}  // namespace stepwise::lint
