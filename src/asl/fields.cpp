// Fields: typed, located reads of one JSON object of the definition.
#include <cmath>

#include "asl/compiler.h"
#include "json/pointer.h"
#include "json/write.h"

namespace stepwise::asl::detail {

Fields::Fields(const json::Value& value, std::string pointer, Diagnostics& diags, std::string_view what)
    : pointer_(std::move(pointer)), diags_(diags) {
    if (value.is_object()) {
        object_ = &value.as_object();
        read_.assign(object_->size(), false);
    } else {
        diags_.schema(pointer_, std::string(what) + " must be an object, not " + kind_with_article(value));
    }
}

std::string Fields::pointer_of(std::string_view key) const { return json::pointer_child(pointer_, key); }

bool Fields::has(std::string_view key) const { return object_ && object_->find(key) != nullptr; }

const json::Value* Fields::take(std::string_view key) {
    if (!object_) return nullptr;
    for (size_t i = 0; i < object_->size(); ++i) {
        const json::Member& member = object_->at(i);
        if (member.name() == key) {
            read_[i] = true;
            return &member.value;
        }
    }
    return nullptr;
}

std::optional<std::string> Fields::string(std::string_view key) {
    const json::Value* value = take(key);
    if (!value) return std::nullopt;
    if (!value->is_string()) {
        error(key, "Field " + quoted_field(key) + " must be a string, not " + kind_with_article(*value));
        return std::nullopt;
    }
    return std::string(value->as_string());
}

std::optional<bool> Fields::boolean(std::string_view key) {
    const json::Value* value = take(key);
    if (!value) return std::nullopt;
    if (!value->is_bool()) {
        error(key, "Field " + quoted_field(key) + " must be a boolean, not " + kind_with_article(*value));
        return std::nullopt;
    }
    return value->as_bool();
}

const json::Value* Fields::object(std::string_view key) {
    const json::Value* value = take(key);
    if (!value) return nullptr;
    if (!value->is_object()) {
        error(key, "Field " + quoted_field(key) + " must be an object, not " + kind_with_article(*value));
        return nullptr;
    }
    return value;
}

const json::Value* Fields::array(std::string_view key) {
    const json::Value* value = take(key);
    if (!value) return nullptr;
    if (!value->is_array()) {
        error(key, "Field " + quoted_field(key) + " must be an array, not " + kind_with_article(*value));
        return nullptr;
    }
    return value;
}

std::optional<int64_t> Fields::integer(std::string_view key, int64_t min, int64_t max) {
    const json::Value* value = take(key);
    if (!value) return std::nullopt;
    std::string range = "between " + std::to_string(min) + " and " + std::to_string(max);
    if (!value->is_number() || !value->is_integer()) {
        std::string got = value->is_number() ? value->number_text() : kind_with_article(*value);
        error(key, "Field " + quoted_field(key) + " must be an integer " + range + ", not " + got);
        return std::nullopt;
    }
    int64_t n = value->as_int();
    if (n < min || n > max) {
        error(key, "Field " + quoted_field(key) + " must be an integer " + range + ", not " + value->number_text());
        return std::nullopt;
    }
    return n;
}

std::optional<double> Fields::number(std::string_view key) {
    const json::Value* value = take(key);
    if (!value) return std::nullopt;
    if (!value->is_number() || !std::isfinite(value->as_double())) {
        error(key, "Field " + quoted_field(key) + " must be a number, not " + kind_with_article(*value));
        return std::nullopt;
    }
    return value->as_double();
}

void Fields::require(std::initializer_list<std::string_view> keys) {
    if (!object_) return;
    std::string missing;
    for (std::string_view key : keys) {
        if (has(key)) continue;
        if (!missing.empty()) missing += ", ";
        missing += key;
    }
    if (!missing.empty()) error_here("These fields are required: [" + missing + "]");
}

void Fields::reject(std::string_view key, std::string message) {
    if (!take(key)) return;
    error_here(std::move(message));
}

bool Fields::language_gate(std::string_view key, QueryLanguage current, QueryLanguage needed) {
    if (!has(key)) return false;
    if (current == needed) return true;
    reject(key, "The QueryLanguage is set to " + quoted_field(language_name(current)) + ", but field " +
                    quoted_field(key) + " is only supported for the " + quoted_field(language_name(needed)) +
                    " QueryLanguage");
    return false;
}

void Fields::exclusive(std::initializer_list<std::string_view> keys) {
    std::vector<std::string_view> present;
    for (std::string_view key : keys)
        if (has(key)) present.push_back(key);
    if (present.size() < 2) return;
    std::string list;
    for (std::string_view key : present) {
        if (!list.empty()) list += ", ";
        list += quoted_field(key);
    }
    error_here("Fields " + list + " cannot be used together");
}

void Fields::finish() {
    if (!object_) return;
    for (size_t i = 0; i < object_->size(); ++i) {
        if (read_[i]) continue;
        read_[i] = true;
        error_here("Field " + quoted_field(object_->at(i).name()) + " is not supported");
    }
}

}  // namespace stepwise::asl::detail
