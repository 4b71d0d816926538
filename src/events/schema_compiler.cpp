#include "events/schema_compiler.h"

#include <valijson/schema_parser.hpp>

#include "events/schema_format.h"
#include "events/schema_pattern.h"

namespace stepwise::events {

namespace {

valijson::SchemaParser::Version parser_version(JsonSchemaDraft draft) {
    switch (draft) {
        case JsonSchemaDraft::Draft3: return valijson::SchemaParser::kDraft3;
        case JsonSchemaDraft::Draft4: return valijson::SchemaParser::kDraft4;
        case JsonSchemaDraft::Draft7: return valijson::SchemaParser::kDraft7;
    }
    return valijson::SchemaParser::kDraft4;
}

}  // namespace

void compile_schema(const json::Value& document, JsonSchemaDraft draft, valijson::Schema& schema) {
    valijson::SchemaParser parser(parser_version(draft));
    parser.addConstraintBuilder(std::string(kStepwiseFormatKeyword), new SchemaFormatBuilder());  // parser deletes it
    parser.addConstraintBuilder(std::string(kStepwisePatternKeyword), new SchemaPatternBuilder());
    // The adapter points into this copy; valijson copies what it keeps.
    const json::Value compiled_document = with_stepwise_keywords(document);
    parser.populateSchema(SchemaJsonAdapter(compiled_document, integer_reading(draft)), schema);
}

}  // namespace stepwise::events
