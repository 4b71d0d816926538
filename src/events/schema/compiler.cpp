#include "events/schema/compiler.h"

#include <valijson/schema_parser.hpp>

#include "events/schema/error.h"
#include "events/schema/format.h"
#include "events/schema/pattern.h"
#include "events/schema/ref_cycles.h"

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
    compile_schema(document, draft, format_vocabulary(draft), schema);
}

void compile_schema(const json::Value& document, JsonSchemaDraft draft, FormatVocabulary vocabulary,
                    valijson::Schema& schema) {
    // valijson would recurse until the stack overflows, compiling or checking.
    if (auto loop = find_ref_cycle(document))
        throw SchemaError("$refs loop without stepping into the value, so checking an event would never end: " + *loop);
    valijson::SchemaParser parser(parser_version(draft));
    parser.addConstraintBuilder(std::string(kStepwiseFormatKeyword), new SchemaFormatBuilder(vocabulary));  // parser deletes it
    parser.addConstraintBuilder(std::string(kStepwisePatternKeyword), new SchemaPatternBuilder());
    // The adapter points into this copy; valijson copies what it keeps.
    const json::Value compiled_document = with_stepwise_keywords(document);
    parser.populateSchema(SchemaJsonAdapter(compiled_document, integer_reading(draft)), schema);
}

}  // namespace stepwise::events
