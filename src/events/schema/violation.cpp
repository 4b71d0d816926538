#include "events/schema/violation.h"

#include <valijson/validation_results.hpp>

#include <algorithm>
#include <string_view>

#include "events/schema/lookup.h"
#include "json/pointer.h"
#include "json/write.h"

namespace stepwise::events {

namespace {

// valijson reports errors as free text; its wording (pinned by the Debian
// package, and checked by the tests) tells which keyword failed.
enum class Role { Leaf, Echo, Noise };

struct Wording {
    std::string_view prefix;
    std::string_view rule;
    Role role = Role::Leaf;
};

// Longer prefixes before the shorter ones they start with.
constexpr Wording kWordings[] = {
    {"Missing required property '", "required"},
    {"Value type not permitted", "type"},
    {"Failed to match against any enum values", "enum"},
    {"Failed to match expected value set by 'const'", "const"},
    {"String should be a valid ", "format"},
    {"Failed to match regex specified by 'pattern'", "pattern"},
    {"Expected number greater than or equal to", "minimum"},
    {"Expected number greater than", "exclusiveMinimum"},
    {"Expected number less than or equal to", "maximum"},
    {"Expected number less than", "exclusiveMaximum"},
    {"String should be no fewer than", "minLength"},
    {"String should be no more than", "maxLength"},
    {"Array should contain no fewer than", "minItems"},
    {"Array should contain no more than", "maxItems"},
    {"Object should have no fewer than", "minProperties"},
    {"Object should have no more than", "maxProperties"},
    {"Value should be a multiple of", "multipleOf"},
    {"Value could not be converted", "multipleOf"},
    {"Elements at indexes", "uniqueItems"},
    {"Object contains a property that could not be validated", "additionalProperties"},
    {"Array contains more items than allowed", "additionalItems"},
    {"Cannot validate item #", "additionalItems"},
    {"Failed to validate against any schemas allowed by anyOf", "anyOf"},
    {"Failed to validate against any child schemas allowed by oneOf", "oneOf"},
    {"Failed to validate against exactly one child schema", "oneOf"},
    {"Target should not validate", "not"},
    {"Missing dependency '", "dependencies"},
    {"Failed to any values against subschema in 'contains'", "contains"},
    {"Failed to validate against a conditional schema", "if", Role::Echo},
    {"Failed to validate against schema associated with property name", "properties", Role::Echo},
    {"Failed to validate item #", "items", Role::Echo},
    {"Failed to validate against child schema #", "allOf", Role::Echo},
    {"Failed to validate against schema associated with pattern", "patternProperties", Role::Echo},
    {"Failed to validate against additional properties schema", "additionalProperties", Role::Echo},
    {"Failed to validate against dependent schema", "dependencies", Role::Echo},
    // One per non-matching enum value, beside the enum error itself.
    {"Target value and comparison value are not equal", "enum", Role::Noise},
};

const Wording& wording_of(std::string_view description) {
    static constexpr Wording kUnknown{"", "schema"};
    for (const Wording& wording : kWordings) {
        if (description.substr(0, wording.prefix.size()) == wording.prefix) return wording;
    }
    return kUnknown;
}

// The last '...'-quoted name in a description ("Missing required property 'x'.").
std::string quoted_name(std::string_view description) {
    const size_t close = description.rfind('\'');
    if (close == std::string_view::npos || close == 0) return {};
    const size_t open = description.rfind('\'', close - 1);
    if (open == std::string_view::npos) return {};
    return std::string(description.substr(open + 1, close - open - 1));
}

struct Found {
    std::vector<std::string> tokens;
    std::string rule;
    Role role;
    std::string description;
};

Found read_error(const valijson::ValidationResults::Error& error) {
    Found found;
    for (const std::string& part : error.context) {
        if (part == "<root>") continue;
        // valijson writes each step as "[name]" or "[index]".
        if (part.size() >= 2 && part.front() == '[' && part.back() == ']')
            found.tokens.push_back(part.substr(1, part.size() - 2));
        else
            found.tokens.push_back(part);
    }
    const Wording& wording = wording_of(error.description);
    found.rule = std::string(wording.rule);
    found.role = wording.role;
    found.description = error.description;
    if (found.role == Role::Leaf && (found.rule == "required" || found.rule == "additionalProperties")) {
        std::string name = quoted_name(error.description);
        if (!name.empty()) found.tokens.push_back(std::move(name));
    }
    return found;
}

bool starts_with(const std::vector<std::string>& tokens, const std::vector<std::string>& prefix) {
    return prefix.size() <= tokens.size() && std::equal(prefix.begin(), prefix.end(), tokens.begin());
}

std::string pointer_of(const std::vector<std::string>& tokens) {
    std::string pointer;
    for (const std::string& token : tokens) pointer = json::pointer_child(pointer, token);
    return pointer;
}

std::string with_article(std::string_view type_name) {
    const bool vowel = !type_name.empty() && std::string_view("aeiou").find(type_name[0]) != std::string_view::npos;
    return (vowel ? "an " : "a ") + std::string(type_name);
}

std::string describe_types(const json::Value& types) {
    if (types.is_string()) return with_article(types.as_string());
    std::string text;
    if (types.is_array()) {
        for (const json::Value& type : types.as_array()) {
            if (!type.is_string()) continue;
            if (!text.empty()) text += " or ";
            text += with_article(type.as_string());
        }
    }
    return text;
}

std::string instance_type(const json::Value& value) {
    if (value.is_exact_int()) return "an integer";
    if (value.is_integer()) return "a number written with a fraction or exponent";
    if (value.is_number()) return "a number with a fraction";
    return with_article(json::kind_name(value.kind()));
}

std::string number_member(const json::Value* schema, std::string_view key) {
    const json::Value* value = schema ? schema->find(key) : nullptr;
    return value != nullptr && value->is_number() ? value->number_text() : std::string();
}

// The bound of minimum/maximum: draft 6+ puts it in exclusiveM*, draft 4 in m*.
std::string bound(const json::Value* schema, std::string_view exclusive_key, std::string_view inclusive_key) {
    std::string exclusive = number_member(schema, exclusive_key);
    return exclusive.empty() ? number_member(schema, inclusive_key) : exclusive;
}

std::string what_is_wrong(const Found& found, const json::Value* schema, const json::Value* actual) {
    const std::string& rule = found.rule;
    auto with_count = [&](std::string_view before, std::string_view key, std::string_view after) {
        std::string count = number_member(schema, key);
        return count.empty() ? found.description : std::string(before) + count + std::string(after);
    };
    if (rule == "required") return "is required";
    if (rule == "additionalProperties") return "is not allowed here";
    if (rule == "type") {
        const json::Value* types = schema ? schema->find("type") : nullptr;
        std::string expected = types ? describe_types(*types) : std::string();
        std::string message = expected.empty() ? "has a type the schema does not allow" : "must be " + expected;
        if (actual != nullptr) message += (expected.empty() ? ": " : ", not ") + instance_type(*actual);
        return message;
    }
    if (rule == "enum") {
        const json::Value* allowed = schema ? schema->find("enum") : nullptr;
        if (allowed == nullptr || !allowed->is_array()) return "is not one of the allowed values";
        std::string list;
        for (const json::Value& value : allowed->as_array()) list += (list.empty() ? "" : ", ") + json::dump(value);
        return "must be one of " + list;
    }
    if (rule == "const") {
        const json::Value* expected = schema ? schema->find("const") : nullptr;
        return expected ? "must be " + json::dump(*expected) : "is not the required value";
    }
    if (rule == "format") {
        const json::Value* format = schema ? schema->find("format") : nullptr;
        if (format != nullptr && format->is_string()) return "must be a valid " + std::string(format->as_string());
        return found.description;
    }
    if (rule == "pattern") {
        const json::Value* pattern = schema ? schema->find("pattern") : nullptr;
        if (pattern != nullptr && pattern->is_string()) return "must match the pattern " + json::dump(*pattern);
        return found.description;
    }
    if (rule == "minimum") return with_count("must be at least ", "minimum", "");
    if (rule == "maximum") return with_count("must be at most ", "maximum", "");
    if (rule == "exclusiveMinimum" || rule == "exclusiveMaximum") {
        const bool minimum = rule == "exclusiveMinimum";
        std::string limit = minimum ? bound(schema, "exclusiveMinimum", "minimum")
                                    : bound(schema, "exclusiveMaximum", "maximum");
        if (limit.empty()) return found.description;
        return std::string(minimum ? "must be greater than " : "must be less than ") + limit;
    }
    if (rule == "minLength") return with_count("must be at least ", "minLength", " characters long");
    if (rule == "maxLength") return with_count("must be at most ", "maxLength", " characters long");
    if (rule == "minItems") return with_count("must have at least ", "minItems", " items");
    if (rule == "maxItems") return with_count("must have at most ", "maxItems", " items");
    if (rule == "minProperties") return with_count("must have at least ", "minProperties", " properties");
    if (rule == "maxProperties") return with_count("must have at most ", "maxProperties", " properties");
    if (rule == "multipleOf") return with_count("must be a multiple of ", "multipleOf", "");
    if (rule == "uniqueItems") return "must not repeat items (" + found.description + ")";
    if (rule == "anyOf") return "must match at least one of the anyOf schemas";
    if (rule == "oneOf") return "must match exactly one of the oneOf schemas";
    if (rule == "not") return "must not match the schema under not";
    return found.description;
}

}  // namespace

std::vector<SchemaViolation> describe_violations(const valijson::ValidationResults& results,
                                                 const json::Value& schema_root, const json::Value& event) {
    std::vector<Found> found;
    for (const auto& error : results) {
        Found one = read_error(error);
        if (one.role != Role::Noise) found.push_back(std::move(one));
    }

    auto explained_by_a_leaf = [&](const Found& echo) {
        return std::any_of(found.begin(), found.end(), [&](const Found& other) {
            return other.role == Role::Leaf && starts_with(other.tokens, echo.tokens);
        });
    };

    std::vector<SchemaViolation> violations;
    for (const Found& one : found) {
        if (one.role == Role::Echo && explained_by_a_leaf(one)) continue;
        // required/additionalProperties name a member: the schema is its parent's.
        const bool names_member = one.rule == "required" || one.rule == "additionalProperties";
        std::vector<std::string> schema_tokens = one.tokens;
        if (names_member && !schema_tokens.empty() && one.role == Role::Leaf) schema_tokens.pop_back();

        SchemaViolation violation;
        violation.path = pointer_of(one.tokens);
        violation.rule = one.rule;
        const std::string what = what_is_wrong(one, subschema_at(schema_root, schema_tokens),
                                               instance_at(event, one.tokens));
        violation.message = (violation.path.empty() ? "event" : violation.path) + ": " + what + " (" + one.rule + ")";

        const bool repeated = std::any_of(violations.begin(), violations.end(), [&](const SchemaViolation& seen) {
            return seen.path == violation.path && seen.message == violation.message;
        });
        if (!repeated) violations.push_back(std::move(violation));
    }
    return violations;
}

}  // namespace stepwise::events
