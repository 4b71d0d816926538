#include "events/pattern/anything_but.h"

#include <algorithm>

#include "events/pattern/case_fold.h"
#include "events/pattern/error.h"
#include "events/pattern/value_matcher.h"

namespace stepwise::events {

namespace {

const char* const kBadOperand = "Value of anything-but must be an array or single string/number value.";

// One string or a non-empty list of strings; `error` names what else was found.
std::vector<std::string> string_or_list(const json::Value& operand, const std::string& error) {
    std::vector<std::string> out;
    if (operand.is_string()) {
        out.emplace_back(operand.as_string());
    } else if (operand.is_array()) {
        if (operand.as_array().empty()) throw PatternError("Empty arrays are not allowed");
        for (const json::Value& item : operand.as_array()) {
            if (!item.is_string()) throw PatternError(error);
            out.emplace_back(item.as_string());
        }
    } else {
        throw PatternError(error);
    }
    return out;
}

void parse_values(const json::Value& operand, std::vector<std::string>& strings, std::vector<double>& numbers) {
    auto add = [&](const json::Value& v) {
        if (v.is_string())
            strings.emplace_back(v.as_string());
        else if (v.is_number())
            numbers.push_back(v.as_double());
        else
            throw PatternError("Inside anything but list, start|null|boolean is not supported.");
    };
    if (!operand.is_array()) return add(operand);
    if (operand.as_array().empty()) throw PatternError("Empty arrays are not allowed");
    for (const json::Value& item : operand.as_array()) add(item);
    if (!strings.empty() && !numbers.empty())
        throw PatternError(
            "Inside anything but list, either all values are number or string, mixed type is not supported");
}

}  // namespace

AnythingBut AnythingBut::parse(const json::Value& operand) {
    AnythingBut result;
    if (operand.is_string() || operand.is_number() || operand.is_array()) {
        parse_values(operand, result.strings_, result.numbers_);
        return result;
    }
    if (!operand.is_object()) throw PatternError(kBadOperand);
    const json::Object& object = operand.as_object();
    if (object.empty()) throw PatternError("Empty objects are not allowed");
    if (object.size() > 1) throw PatternError("Only one key allowed in match expression");
    std::string_view kind = object.at(0).name();
    const json::Value& value = object.at(0).value;

    if (kind == "prefix" || kind == "suffix") {
        result.form_ = kind == "prefix" ? Form::Prefix : Form::Suffix;
        if (value.is_object()) throw PatternError(kBadOperand);
        result.strings_ = string_or_list(value, "prefix/suffix match pattern must be a string");
        for (const std::string& s : result.strings_)
            if (s.empty()) throw PatternError("Null prefix/suffix not allowed");
    } else if (kind == "equals-ignore-case") {
        result.form_ = Form::EqualsIgnoreCase;
        result.strings_ = string_or_list(
            value, "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.");
        for (std::string& s : result.strings_) s = fold_case(s);
    } else if (kind == "wildcard") {
        result.form_ = Form::Wildcard;
        for (const std::string& s : string_or_list(value, "wildcard match pattern must be a string"))
            result.wildcards_.push_back(WildcardPattern::parse(s));
    } else {
        throw PatternError("Unsupported anything-but pattern: " + std::string(kind));
    }
    return result;
}

bool AnythingBut::excludes(const LeafValue& value) const {
    if (value.is_number()) {
        if (form_ != Form::Values) return false;
        double d = value.number();
        return std::find(numbers_.begin(), numbers_.end(), d) != numbers_.end();
    }
    if (!value.is_string()) return false;  // null and booleans are never excluded
    std::string_view text = value.text();
    switch (form_) {
        case Form::Values:
            return std::find(strings_.begin(), strings_.end(), text) != strings_.end();
        case Form::Prefix:
            return std::any_of(strings_.begin(), strings_.end(),
                               [&](const std::string& p) { return text.starts_with(p); });
        case Form::Suffix:
            return std::any_of(strings_.begin(), strings_.end(),
                               [&](const std::string& s) { return text.ends_with(s); });
        case Form::EqualsIgnoreCase:
            return std::find(strings_.begin(), strings_.end(), value.folded()) != strings_.end();
        case Form::Wildcard:
            return std::any_of(wildcards_.begin(), wildcards_.end(),
                               [&](const WildcardPattern& w) { return w.matches(text); });
    }
    return false;
}

}  // namespace stepwise::events
