// Compiles a JSON Schema document (stepwise's json::Value) into a valijson
// Schema the way the registry does: the chosen draft, stepwise's `format`
// checks (see format.h), no remote documents.
#pragma once

#include "events/schema/document.h"
#include "events/schema/json_adapter.h"  // first: prepares valijson's headers

#include <valijson/schema.hpp>

#include "events/schema/format_checks.h"

#include "json/value.h"

namespace stepwise::events {

// How the draft reads `integer` (see json_adapter.h); validate with it.
inline IntegerReading integer_reading(JsonSchemaDraft draft) {
    return draft == JsonSchemaDraft::Draft7 ? IntegerReading::IntegralValue : IntegerReading::WrittenAsInteger;
}

// Throws std::exception (valijson's runtime_error/logic_error) for a schema that
// does not compile, including a `$ref` to another document; SchemaError for
// `$ref`s that loop (ref_cycles.h). `format` checks what `vocabulary` defines
// (format_checks.h), the draft's own when not given.
void compile_schema(const json::Value& document, JsonSchemaDraft draft, valijson::Schema& schema);
void compile_schema(const json::Value& document, JsonSchemaDraft draft, FormatVocabulary vocabulary,
                    valijson::Schema& schema);

}  // namespace stepwise::events
