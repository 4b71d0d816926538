// An OpenAPI 3 event schema as a JSON Schema draft-04 document, what the
// Schemas API's ExportSchema and GetDiscoveredSchema answer for Type
// JSONSchemaDraft4: the envelope (components.schemas.AWSEvent, or the component
// the document's info.title names) becomes the root, with "$schema" draft-04;
// the other components become "definitions" and every
// "#/components/schemas/X" reference "#/definitions/X"; OpenAPI's
// `nullable: true` becomes a "null" in `type`, and the OpenAPI-only keywords
// (discriminator, readOnly, writeOnly, xml, externalDocs, example,
// deprecated) are dropped.
#pragma once

#include "json/value.h"

namespace stepwise::events {

// SchemaError when the document holds no root schema to export, or nests
// deeper than the discovery bound.
json::Value openapi_to_draft4(const json::Value& openapi);

}  // namespace stepwise::events
