#include "events/schema/document.h"

#include <string_view>

#include "events/schema/error.h"

namespace stepwise::events {

namespace {

JsonSchemaDraft draft_of(const json::Value& document) {
    const json::Value* uri = document.find("$schema");
    if (uri == nullptr) return JsonSchemaDraft::Draft4;
    if (!uri->is_string()) throw SchemaError("$schema must be a string");
    const std::string_view text = uri->as_string();
    if (text.find("draft-03") != std::string_view::npos) return JsonSchemaDraft::Draft3;
    if (text.find("draft-04") != std::string_view::npos) return JsonSchemaDraft::Draft4;
    if (text.find("draft-06") != std::string_view::npos || text.find("draft-07") != std::string_view::npos)
        return JsonSchemaDraft::Draft7;
    throw SchemaError("unsupported $schema \"" + std::string(text) +
                      "\" (supported: JSON Schema draft-03, draft-04, draft-06, draft-07)");
}

std::optional<std::string> string_member(const json::Value& object, std::string_view key) {
    const json::Value* value = object.find(key);
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return std::string(value->as_string());
}

// The single value a property schema allows for an envelope field, if it pins one.
std::optional<std::string> pinned_value(const json::Value& envelope, std::string_view field,
                                        std::string_view aws_key) {
    if (auto value = string_member(envelope, aws_key)) return value;
    const json::Value* properties = envelope.find("properties");
    const json::Value* property = properties ? properties->find(field) : nullptr;
    if (property == nullptr) return std::nullopt;
    if (auto value = string_member(*property, "const")) return value;
    const json::Value* allowed = property->find("enum");
    if (allowed != nullptr && allowed->is_array() && allowed->size() == 1 && allowed->as_array()[0].is_string())
        return std::string(allowed->as_array()[0].as_string());
    if (auto value = string_member(*property, "default")) return value;
    return string_member(*property, aws_key);
}

std::optional<EventBinding> binding_of(const json::Value& envelope) {
    auto source = pinned_value(envelope, "source", "x-amazon-events-source");
    auto detail_type = pinned_value(envelope, "detail-type", "x-amazon-events-detail-type");
    if (!source || !detail_type) return std::nullopt;
    return EventBinding{std::move(*source), std::move(*detail_type)};
}

constexpr std::string_view kOpenApiEnvelopePointer = "#/components/schemas/AWSEvent";

SchemaDocument describe_openapi(const json::Value& document) {
    const json::Value* components = document.find("components");
    const json::Value* schemas = components ? components->find("schemas") : nullptr;
    const json::Value* envelope = schemas ? schemas->find("AWSEvent") : nullptr;
    if (envelope == nullptr || !envelope->is_object())
        throw SchemaError("an OpenApi3 event schema needs the event envelope at components.schemas.AWSEvent");

    SchemaDocument described;
    described.type = SchemaType::OpenApi3;
    // OpenAPI 3.0 schema objects are a JSON Schema draft 4 (Wright-00) subset.
    described.draft = JsonSchemaDraft::Draft4;
    json::Value root = document;
    root.mutable_object().set("$ref", json::Value(kOpenApiEnvelopePointer));
    described.validation_root = std::move(root);
    described.binding = binding_of(*envelope);
    return described;
}

}  // namespace

const char* schema_type_name(SchemaType type) {
    return type == SchemaType::OpenApi3 ? "OpenApi3" : "JSONSchemaDraft4";
}

SchemaDocument describe_schema_document(const json::Value& document) {
    if (!document.is_object()) throw SchemaError("a schema must be a JSON object");
    if (document.find("openapi") != nullptr) return describe_openapi(document);

    SchemaDocument described;
    described.draft = draft_of(document);
    described.validation_root = document;
    described.binding = binding_of(document);
    return described;
}

}  // namespace stepwise::events
