// What a schema document says about itself before it is compiled: its kind
// (JSON Schema of some draft, or an AWS schema registry OpenAPI 3 document),
// the event envelope schema inside it, and which events it describes.
#pragma once

#include <optional>
#include <string>

#include "json/value.h"

namespace stepwise::events {

enum class SchemaType { JsonSchemaDraft4, OpenApi3 };

// The AWS Schemas API's name for the type: "JSONSchemaDraft4" or "OpenApi3".
const char* schema_type_name(SchemaType type);

enum class JsonSchemaDraft { Draft3, Draft4, Draft7 };

struct EventBinding {
    std::string source;
    std::string detail_type;
};

struct SchemaDocument {
    SchemaType type = SchemaType::JsonSchemaDraft4;
    JsonSchemaDraft draft = JsonSchemaDraft::Draft4;
    // The document valijson compiles. For OpenAPI 3 it is the document with a root
    // `$ref` to the envelope schema, so `#/components/schemas/...` refs resolve.
    json::Value validation_root;
    // From the envelope schema, when it pins both; see describe_schema_document.
    std::optional<EventBinding> binding;
};

// Reads a schema document. The draft comes from `$schema` (draft-03, -04, -06/-07
// read as 7; absent means 4). An OpenAPI 3 document (an `openapi` member) must hold
// the envelope at components.schemas.AWSEvent, as AWS's schema registry writes it.
//
// The binding is taken, for each of `source` and `detail-type`, from the first of:
// `x-amazon-events-source` / `x-amazon-events-detail-type` on the envelope schema;
// then the envelope's `properties.<name>`: `const`, a one-value `enum`, `default`,
// or the same x-amazon-events-* key there.
//
// Throws SchemaError (without a location; the caller adds it) for a document that
// is not an object, an unknown `$schema`, or an OpenAPI document without AWSEvent.
SchemaDocument describe_schema_document(const json::Value& document);

}  // namespace stepwise::events
