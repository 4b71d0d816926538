#include "events/schema/draft4_export.h"

#include <string_view>

#include "events/schema/error.h"
#include "events/schema/inference.h"

namespace stepwise::events {

namespace {

constexpr std::string_view kComponentPrefix = "#/components/schemas/";
constexpr std::string_view kDefinitionPrefix = "#/definitions/";
constexpr std::string_view kOpenApiOnly[] = {"discriminator", "readOnly", "writeOnly", "xml",
                                             "externalDocs",  "example",  "deprecated"};
// Keywords whose value is a schema, an array of schemas, or an object of schemas.
constexpr std::string_view kSchemaKeywords[] = {"items", "additionalProperties", "not"};
constexpr std::string_view kSchemaArrayKeywords[] = {"allOf", "anyOf", "oneOf"};
constexpr std::string_view kSchemaMapKeywords[] = {"properties", "patternProperties"};

bool is_open_api_only(std::string_view key) {
    for (std::string_view keyword : kOpenApiOnly)
        if (key == keyword) return true;
    return false;
}

template <size_t N>
bool one_of(std::string_view key, const std::string_view (&keywords)[N]) {
    for (std::string_view keyword : keywords)
        if (key == keyword) return true;
    return false;
}

json::Value convert(const json::Value& schema, int depth);

json::Value convert_each(const json::Value& value, int depth) {
    if (value.is_array()) {
        json::Array out;
        for (const json::Value& item : value.as_array()) out.push_back(convert(item, depth + 1));
        return json::Value(std::move(out));
    }
    return convert(value, depth + 1);
}

json::Value convert(const json::Value& schema, int depth) {
    if (depth > kMaxDiscoveryDepth)
        throw SchemaError("the schema is nested deeper than " + std::to_string(kMaxDiscoveryDepth) + " levels");
    if (!schema.is_object()) return schema;
    const json::Value* nullable = schema.find("nullable");
    const bool null_allowed = nullable && nullable->is_bool() && nullable->as_bool();
    json::Object out;
    for (const json::Member& member : schema.as_object()) {
        std::string_view key = member.name();
        const json::Value& value = member.value;
        if (key == "nullable" || is_open_api_only(key)) continue;
        if (key == "$ref" && value.is_string() && value.as_string().starts_with(kComponentPrefix)) {
            out.set(key, json::Value(std::string(kDefinitionPrefix) +
                                     std::string(value.as_string().substr(kComponentPrefix.size()))));
        } else if (key == "type" && null_allowed && value.is_string()) {
            out.set(key, json::Value(json::Array{value, json::Value("null")}));
        } else if (one_of(key, kSchemaKeywords) || one_of(key, kSchemaArrayKeywords)) {
            out.set(key, convert_each(value, depth));
        } else if (one_of(key, kSchemaMapKeywords) && value.is_object()) {
            json::Object schemas;
            for (const json::Member& child : value.as_object())
                schemas.set_member(child.key, convert(child.value, depth + 1));
            out.set(key, json::Value(std::move(schemas)));
        } else {
            out.set(key, value);
        }
    }
    return json::Value(std::move(out));
}

std::string root_name(const json::Value& openapi, const json::Value& schemas) {
    if (schemas.find("AWSEvent")) return "AWSEvent";
    const json::Value* info = openapi.find("info");
    const json::Value* title = info ? info->find("title") : nullptr;
    if (title && title->is_string() && schemas.find(title->as_string())) return std::string(title->as_string());
    throw SchemaError("the OpenAPI document has no components.schemas.AWSEvent to export");
}

}  // namespace

json::Value openapi_to_draft4(const json::Value& openapi) {
    const json::Value* components = openapi.find("components");
    const json::Value* schemas = components ? components->find("schemas") : nullptr;
    if (schemas == nullptr || !schemas->is_object())
        throw SchemaError("the OpenAPI document has no components.schemas to export");
    const std::string root = root_name(openapi, *schemas);

    json::Object out{{"$schema", json::Value("http://json-schema.org/draft-04/schema#")},
                     {"title", json::Value(root)}};
    json::Value converted_root = convert(*schemas->find(root), 0);
    if (!converted_root.is_object()) throw SchemaError("components.schemas." + root + " is not a schema object");
    for (const json::Member& member : converted_root.as_object()) out.set_member(member.key, member.value);
    json::Object definitions;
    for (const json::Member& member : schemas->as_object())
        if (member.name() != root) definitions.set_member(member.key, convert(member.value, 1));
    if (!definitions.empty()) out.set("definitions", json::Value(std::move(definitions)));
    return json::Value(std::move(out));
}

}  // namespace stepwise::events
