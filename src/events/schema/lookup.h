// Finds the schema that governs a place in an instance, for error messages.
#pragma once

#include <string>
#include <vector>

#include "json/value.h"

namespace stepwise::events {

// The subschema that describes the instance at `tokens` (unescaped JSON Pointer
// tokens), following `properties`, `items` (one schema or a tuple),
// `additionalProperties` and local `$ref`s ("#/definitions/X", "#/components/...").
// nullptr where the way is ambiguous (anyOf, patternProperties) or leaves the
// document: callers then fall back to a message without the expected value.
const json::Value* subschema_at(const json::Value& schema_root, const std::vector<std::string>& tokens);

// The instance value at `tokens`, or nullptr.
const json::Value* instance_at(const json::Value& instance, const std::vector<std::string>& tokens);

}  // namespace stepwise::events
