// The request-shape checker: reads the members of a Step Functions request
// body as the botocore model declares them (type, required, length, range,
// enum) and reports violations as AWS does:
//
//   ValidationException  "1 validation error detected: Value null at 'stateMachineArn'
//                         failed to satisfy constraint: Member must not be null"
//   SerializationException  when a member has the wrong JSON type (AWS's JSON
//                         deserializer rejects the document before validation)
//
//   Fields fields(body);
//   auto arn = fields.text("stateMachineArn", rule::required(1, 256));
//   auto limit = fields.integer("maxResults", 0, 1000);
//   fields.check();  // throws SfnError when a constraint failed
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/value.h"

namespace stepwise::api {

struct TextRule {
    bool required = false;
    size_t min = 0;
    size_t max = SIZE_MAX;
    std::vector<std::string_view> one_of;  // an enum; empty = any value
};

namespace rule {
inline TextRule required(size_t min, size_t max) { return TextRule{true, min, max, {}}; }
inline TextRule optional(size_t min, size_t max) { return TextRule{false, min, max, {}}; }
inline TextRule one_of(std::vector<std::string_view> values, bool required = false) {
    return TextRule{required, 0, SIZE_MAX, std::move(values)};
}
}  // namespace rule

class Fields {
public:
    // Throws SerializationException when the body is not a JSON object. A
    // nested structure's members are named "<prefix>.<name>" in messages.
    explicit Fields(const json::Value& body, std::string prefix = "");

    // Each returns nullopt (or nullptr) when the member is absent or null;
    // a required absent member is recorded as a violation.
    std::optional<std::string> text(std::string_view name, const TextRule& rule = {});
    std::optional<int64_t> integer(std::string_view name, int64_t min, int64_t max, bool required = false);
    std::optional<double> decimal(std::string_view name, double min, double max);  // the model's "float"
    std::optional<bool> flag(std::string_view name);
    const json::Value* object(std::string_view name, bool required = false);
    const json::Value* list(std::string_view name, bool required = false, size_t min = 0, size_t max = SIZE_MAX);

    // Records a violation found by the caller ("Value 'x' at 'name' failed to
    // satisfy constraint: <constraint>").
    void violation(std::string_view name, const std::string& shown_value, std::string_view constraint);

    // Throws ValidationException naming every violation so far.
    void check() const;

private:
    std::string path(std::string_view name) const;  // "<prefix>.<name>", or the name
    const json::Value* member(std::string_view name, json::Kind kind, std::string_view kind_text, bool required);

    const json::Value& body_;
    std::string prefix_;
    std::vector<std::string> violations_;
};

// Length in characters (code points) of UTF-8 text, as AWS counts it.
size_t character_count(std::string_view utf8);

}  // namespace stepwise::api
