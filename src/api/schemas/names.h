// What the Schemas API accepts as names, descriptions and types, and its
// wording for missing resources (internal to the Schemas API).
#pragma once

#include <string>
#include <string_view>

namespace stepwise::api {

// BadRequestException unless the name is non-empty and free of '/' and
// control characters (the store keys schemas as "<registry>/<name>").
void check_registry_name(std::string_view name);
void check_schema_name(std::string_view name);
// BadRequestException beyond the model's 256 characters.
void check_description(std::string_view description);
// BadRequestException unless "JSONSchemaDraft4" or "OpenApi3".
void check_schema_type(std::string_view type);
// BadRequestException unless 1 to 100,000 characters (the model's bounds).
void check_schema_content(std::string_view content);

std::string registry_missing_message(std::string_view registry);
std::string schema_missing_message(std::string_view registry, std::string_view schema);

}  // namespace stepwise::api
