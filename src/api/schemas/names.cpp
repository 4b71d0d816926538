#include "api/schemas/names.h"

#include "api/schemas/call.h"

namespace stepwise::api {

namespace {

void check_name(std::string_view what, std::string_view name) {
    if (name.empty()) bad_request(std::string(what) + " must not be empty");
    for (unsigned char c : name)
        if (c == '/' || c < 0x20 || c == 0x7f)
            bad_request(std::string(what) + " '" + std::string(name) + "' may not contain '/' or control characters");
}

size_t characters(std::string_view text) {
    size_t count = 0;
    for (unsigned char c : text) count += (c & 0xc0) != 0x80;  // UTF-8 lead bytes
    return count;
}

}  // namespace

void check_registry_name(std::string_view name) { check_name("RegistryName", name); }
void check_schema_name(std::string_view name) { check_name("SchemaName", name); }

void check_description(std::string_view description) {
    if (characters(description) > 256) bad_request("Description must be at most 256 characters long");
}

void check_schema_type(std::string_view type) {
    if (type != "JSONSchemaDraft4" && type != "OpenApi3")
        bad_request("Type must be JSONSchemaDraft4 or OpenApi3, not '" + std::string(type) + "'");
}

void check_schema_content(std::string_view content) {
    size_t length = characters(content);
    if (length == 0) bad_request("Content must not be empty");
    if (length > 100000) bad_request("Content must be at most 100000 characters long");
}

std::string registry_missing_message(std::string_view registry) {
    return "Registry " + std::string(registry) + " does not exist.";
}

std::string schema_missing_message(std::string_view registry, std::string_view schema) {
    return "Schema " + std::string(schema) + " does not exist in registry " + std::string(registry) + ".";
}

}  // namespace stepwise::api
