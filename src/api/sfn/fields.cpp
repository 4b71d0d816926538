#include "api/sfn/fields.h"

#include <utility>

#include "api/sfn/error.h"

namespace stepwise::api {

size_t character_count(std::string_view utf8) {
    size_t count = 0;
    for (unsigned char c : utf8)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

Fields::Fields(const json::Value& body, std::string prefix) : body_(body), prefix_(std::move(prefix)) {
    if (!body.is_object())
        throw SfnError("SerializationException", "Start of structure or map found where not expected.");
}

std::string Fields::path(std::string_view name) const {
    return prefix_.empty() ? std::string(name) : prefix_ + "." + std::string(name);
}

const json::Value* Fields::member(std::string_view name, json::Kind kind, std::string_view kind_text,
                                  bool required) {
    const json::Value* value = body_.find(name);
    if (!value || value->is_null()) {
        if (required) violation(name, "null", "Member must not be null");
        return nullptr;
    }
    if (value->kind() != kind)
        throw SfnError("SerializationException", std::string(json::kind_name(value->kind())) + " value for '" +
                                                     path(name) + "' can not be converted to " +
                                                     std::string(kind_text));
    return value;
}

void Fields::violation(std::string_view name, const std::string& shown_value, std::string_view constraint) {
    std::string text = "Value " + shown_value + " at '" + path(name) +
                       "' failed to satisfy constraint: " + std::string(constraint);
    violations_.push_back(std::move(text));
}

std::optional<std::string> Fields::text(std::string_view name, const TextRule& rule) {
    const json::Value* value = member(name, json::Kind::String, "a String", rule.required);
    if (!value) return std::nullopt;
    std::string text(value->as_string());
    size_t length = character_count(text);
    std::string shown = "'" + text + "'";
    if (length < rule.min)
        violation(name, shown, "Member must have length greater than or equal to " + std::to_string(rule.min));
    else if (length > rule.max)
        violation(name, shown, "Member must have length less than or equal to " + std::to_string(rule.max));
    if (!rule.one_of.empty()) {
        bool known = false;
        std::string set;
        for (auto option : rule.one_of) {
            known = known || option == text;
            set += (set.empty() ? "" : ", ") + std::string(option);
        }
        if (!known) violation(name, shown, "Member must satisfy enum value set: [" + set + "]");
    }
    return text;
}

std::optional<int64_t> Fields::integer(std::string_view name, int64_t min, int64_t max, bool required) {
    const json::Value* value = member(name, json::Kind::Number, "an Integer", required);
    if (!value) return std::nullopt;
    if (!value->is_integer())
        throw SfnError("SerializationException", "number value for '" + path(name) + "' can not be converted to an Integer");
    int64_t number = value->as_int();
    std::string shown = "'" + std::to_string(number) + "'";
    if (number < min)
        violation(name, shown, "Member must have value greater than or equal to " + std::to_string(min));
    else if (number > max)
        violation(name, shown, "Member must have value less than or equal to " + std::to_string(max));
    return number;
}

std::optional<double> Fields::decimal(std::string_view name, double min, double max) {
    const json::Value* value = member(name, json::Kind::Number, "a Float", false);
    if (!value) return std::nullopt;
    double number = value->as_double();
    std::string shown = "'" + value->number_text() + "'";
    if (number < min)
        violation(name, shown, "Member must have value greater than or equal to " + json::Value(min).number_text());
    else if (number > max)
        violation(name, shown, "Member must have value less than or equal to " + json::Value(max).number_text());
    return number;
}

std::optional<bool> Fields::flag(std::string_view name) {
    const json::Value* value = member(name, json::Kind::Bool, "a Boolean", false);
    if (!value) return std::nullopt;
    return value->as_bool();
}

const json::Value* Fields::object(std::string_view name, bool required) {
    return member(name, json::Kind::Object, "a Structure", required);
}

const json::Value* Fields::list(std::string_view name, bool required, size_t min, size_t max) {
    const json::Value* value = member(name, json::Kind::Array, "a List", required);
    if (!value) return nullptr;
    if (value->size() < min)
        violation(name, "'[...]'", "Member must have length greater than or equal to " + std::to_string(min));
    else if (value->size() > max)
        violation(name, "'[...]'", "Member must have length less than or equal to " + std::to_string(max));
    return value;
}

void Fields::check() const {
    if (violations_.empty()) return;
    std::string message = std::to_string(violations_.size()) +
                          (violations_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
    for (size_t i = 0; i < violations_.size(); ++i) message += (i ? "; " : "") + violations_[i];
    throw SfnError("ValidationException", message);
}

}  // namespace stepwise::api
