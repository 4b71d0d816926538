// A reason an event does not fit its schema, named by place and rule.
#pragma once

#include <string>
#include <vector>

#include "json/value.h"

namespace valijson {
class ValidationResults;
}

namespace stepwise::events {

struct SchemaViolation {
    // RFC 6901 JSON Pointer into the event: "/detail/data/revision",
    // "/resources/0"; "" is the whole event. For `required` it names the missing
    // property, for `additionalProperties` the property that is not allowed.
    std::string path;
    // The JSON Schema keyword that failed: "required", "type", "enum", "const",
    // "format", "pattern", "minimum", "exclusiveMinimum", "maximum",
    // "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems",
    // "minProperties", "maxProperties", "multipleOf", "uniqueItems",
    // "additionalProperties", "additionalItems", "anyOf", "oneOf", "not",
    // "dependencies", "contains", "if", or "schema" for anything else.
    std::string rule;
    // For people: "/detail/data/revision: must be an integer, not a string (type)".
    // The whole event is called "event" there.
    std::string message;
};

// Turns valijson's results into violations, leaf causes first-found first.
// valijson also reports every enclosing property, item and allOf branch that
// failed because of a leaf; those echoes are dropped. `schema_root` (the compiled
// document) and `event` supply the expected and actual values for the messages.
std::vector<SchemaViolation> describe_violations(const valijson::ValidationResults& results,
                                                 const json::Value& schema_root, const json::Value& event);

}  // namespace stepwise::events
