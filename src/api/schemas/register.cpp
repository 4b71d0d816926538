#include "api/schemas/register.h"

#include "events/schema/compiler.h"  // first: prepares valijson's headers

#include <exception>
#include <iostream>
#include <optional>

#include "json/parse.h"

namespace stepwise::api {

namespace {

std::optional<events::EventBinding> tagged_binding(const json::Value& tags) {
    const json::Value* source = tags.find(kSourceTag);
    const json::Value* detail_type = tags.find(kDetailTypeTag);
    if (source == nullptr || detail_type == nullptr || !source->is_string() || !detail_type->is_string())
        return std::nullopt;
    return events::EventBinding{std::string(source->as_string()), std::string(detail_type->as_string())};
}

}  // namespace

bool register_schema_version(events::SchemaRegistry& registry, const SchemaRecord& schema,
                             const SchemaVersionRecord& version) {
    const std::string& registry_name = schema.registry;
    const std::string& schema_name = schema.name;
    const std::string where = registry_name + "/" + schema_name;
    std::string parse_error;
    auto document = json::try_parse(version.content, &parse_error);
    if (!document) bad_request("Content of schema " + where + " is not JSON: " + parse_error);

    events::SchemaDocument described;
    try {
        described = events::describe_schema_document(*document);
    } catch (const events::SchemaError& e) {
        bad_request("schema " + where + ": " + e.what());
    }
    const std::string content_type = events::schema_type_name(described.type);
    if (content_type != version.type)
        bad_request("schema " + where + " has Type " + version.type + " but its Content is " +
                    (described.type == events::SchemaType::OpenApi3 ? "an OpenAPI 3 document (Type OpenApi3)"
                                                                     : "a JSON Schema (Type JSONSchemaDraft4)"));

    auto binding = tagged_binding(schema.tags);
    if (schema.discovered) {
        // Discovered schemas describe events and check none (a later event of another shape must pass).
        try {
            valijson::Schema compiled;
            events::compile_schema(described.validation_root, described.draft, events::format_vocabulary(described),
                                   compiled);
        } catch (const std::exception& e) {
            bad_request("schema " + where + " does not compile: " + e.what());
        }
        registry.remove(registry_name, schema_name);
        return false;
    }
    try {
        // Kept even when bound to no events: other schemas may refer to it.
        registry.add_text(registry_name, schema_name, version.content, binding,
                          events::SchemaRegistry::Unbound::Keep);
    } catch (const events::SchemaError& e) {
        bad_request(e.what());
    }
    if (binding || described.binding) return true;
    std::cerr << "stepwise: schema " << where
              << " names no source and detail-type (properties.source / properties.detail-type, "
                 "x-amazon-events-source / x-amazon-events-detail-type, or the tags "
              << kSourceTag << " and " << kDetailTypeTag << "): it is kept but checks no events\n";
    return false;
}

}  // namespace stepwise::api
