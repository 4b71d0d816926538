#include "events/schema/format.h"

#include "events/schema/pattern.h"

#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/validation_results.hpp>

#include <new>
#include <string>

namespace stepwise::events {

namespace {

// --- RFC 3339 pieces; each consumes from the front of `text` ---

bool digits(std::string_view& text, size_t count, int& value) {
    if (text.size() < count) return false;
    value = 0;
    for (size_t i = 0; i < count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    text.remove_prefix(count);
    return true;
}

bool literal(std::string_view& text, char expected) {
    if (text.empty() || text.front() != expected) return false;
    text.remove_prefix(1);
    return true;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

bool full_date(std::string_view& text) {
    int year, month, day;
    return digits(text, 4, year) && literal(text, '-') && digits(text, 2, month) && month >= 1 && month <= 12 &&
           literal(text, '-') && digits(text, 2, day) && day >= 1 && day <= days_in_month(year, month);
}

bool full_time(std::string_view& text) {
    int hour, minute, second;
    if (!(digits(text, 2, hour) && hour <= 23 && literal(text, ':') && digits(text, 2, minute) && minute <= 59 &&
          literal(text, ':') && digits(text, 2, second) && second <= 60))
        return false;
    if (literal(text, '.')) {
        int digit;
        if (!digits(text, 1, digit)) return false;
        while (digits(text, 1, digit)) {
        }
    }
    if (literal(text, 'Z') || literal(text, 'z')) return true;
    if (!literal(text, '+') && !literal(text, '-')) return false;
    int offset_hour, offset_minute;
    return digits(text, 2, offset_hour) && offset_hour <= 23 && literal(text, ':') && digits(text, 2, offset_minute) &&
           offset_minute <= 59;
}

// --- the keyword rename ---

bool holds_data(std::string_view keyword) {
    return keyword == "enum" || keyword == "const" || keyword == "default" || keyword == "examples";
}

json::Value renamed(const json::Value& node) {
    if (node.is_array()) {
        json::Array items;
        items.reserve(node.size());
        for (const json::Value& item : node.as_array()) items.push_back(renamed(item));
        return json::Value(std::move(items));
    }
    if (!node.is_object()) return node;
    json::Object members;
    members.reserve(node.size());
    for (const json::Member& member : node.as_object()) {
        if (member.name() == "format" && member.value.is_string())
            members.set(kStepwiseFormatKeyword, member.value);  // set: a duplicate key stays one
        else if (member.name() == "pattern" && member.value.is_string())
            members.set(kStepwisePatternKeyword, member.value);
        else
            members.set_member(member.key, holds_data(member.name()) ? member.value : renamed(member.value));
    }
    return json::Value(std::move(members));
}

// --- the constraint ---

enum class Format { Date, Time, DateTime, Unchecked };

Format format_named(const std::string& name) {
    if (name == "date") return Format::Date;
    if (name == "time") return Format::Time;
    if (name == "date-time") return Format::DateTime;
    return Format::Unchecked;
}

class FormatConstraint : public valijson::constraints::PolyConstraint {
public:
    FormatConstraint(Format format, std::string name) : format_(format), name_(std::move(name)) {}

    bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                  valijson::ValidationResults* results) const override {
        // `format` says nothing about values that are not strings.
        if (format_ == Format::Unchecked || !target.isString()) return true;
        const std::string text = target.getString();
        const bool valid = format_ == Format::Date   ? is_rfc3339_date(text)
                           : format_ == Format::Time ? is_rfc3339_time(text)
                                                     : is_rfc3339_date_time(text);
        // The wording valijson uses, which describe_violations reads as rule "format".
        if (!valid && results != nullptr) results->pushError(context, "String should be a valid " + name_);
        return valid;
    }

private:
    valijson::constraints::Constraint* cloneInto(void* memory) const override {
        return new (memory) FormatConstraint(*this);
    }
    size_t sizeOf() const override { return sizeof(FormatConstraint); }

    Format format_;
    std::string name_;
};

}  // namespace

json::Value with_stepwise_keywords(const json::Value& schema_document) { return renamed(schema_document); }

bool is_rfc3339_date(std::string_view text) { return full_date(text) && text.empty(); }

bool is_rfc3339_time(std::string_view text) { return full_time(text) && text.empty(); }

bool is_rfc3339_date_time(std::string_view text) {
    if (!full_date(text)) return false;
    if (!literal(text, 'T') && !literal(text, 't')) return false;
    return full_time(text) && text.empty();
}

valijson::constraints::Constraint* SchemaFormatBuilder::make(const valijson::adapters::Adapter& value) const {
    const std::string name = value.asString();
    return new FormatConstraint(format_named(name), name);
}

}  // namespace stepwise::events
