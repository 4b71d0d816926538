// JSON Schema `format` for the schema registry: every format the document's
// draft (or OpenAPI 3.0) defines, checked without std::regex (format_checks.h).
//
// valijson's own `format` support builds three std::regex objects per checked
// string, which made one check of the example event cost ~10 ms, and it throws
// when `format` meets a non-empty object or array. So the registry compiles a
// copy of each schema whose `format` keywords are renamed to
// kStepwiseFormatKeyword, which valijson hands to SchemaFormatBuilder.
#pragma once

#include <string_view>

#include "events/schema/json_adapter.h"  // first: prepares valijson's headers
#include "events/schema/format_checks.h"

#include <valijson/constraint_builder.hpp>

#include "json/value.h"

namespace stepwise::events {

inline constexpr std::string_view kStepwiseFormatKeyword = "x-stepwise-format";

// `schema_document` with every `format` keyword (a string-valued `format` member
// of a schema object) renamed to kStepwiseFormatKeyword, and every `pattern` to
// kStepwisePatternKeyword (pattern.h). Values that are data, not schemas
// (`enum`, `const`, `default`, `examples`), are left alone.
json::Value with_stepwise_keywords(const json::Value& schema_document);

// Makes the constraint for a kStepwiseFormatKeyword value, checking the formats
// `vocabulary` defines (others pass). Register it with
// SchemaParser::addConstraintBuilder, which takes ownership (deletes it).
class SchemaFormatBuilder : public valijson::ConstraintBuilder {
public:
    explicit SchemaFormatBuilder(FormatVocabulary vocabulary) : vocabulary_(vocabulary) {}
    valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;

private:
    FormatVocabulary vocabulary_;
};

}  // namespace stepwise::events
