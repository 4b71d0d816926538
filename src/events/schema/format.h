// JSON Schema `format` for the schema registry: RFC 3339 date, time and
// date-time, checked without std::regex.
//
// valijson's own `format` support builds three std::regex objects per checked
// string, which made one check of the example event cost ~10 ms, and it throws
// when `format` meets a non-empty object or array. So the registry compiles a
// copy of each schema whose `format` keywords are renamed to
// kStepwiseFormatKeyword, which valijson hands to SchemaFormatBuilder.
// Other formats (email, uri, ...) are not checked, as in valijson.
#pragma once

#include <string_view>

#include "events/schema/json_adapter.h"  // first: prepares valijson's headers

#include <valijson/constraint_builder.hpp>

#include "json/value.h"

namespace stepwise::events {

inline constexpr std::string_view kStepwiseFormatKeyword = "x-stepwise-format";

// `schema_document` with every `format` keyword (a string-valued `format` member
// of a schema object) renamed to kStepwiseFormatKeyword, and every `pattern` to
// kStepwisePatternKeyword (pattern.h). Values that are data, not schemas
// (`enum`, `const`, `default`, `examples`), are left alone.
json::Value with_stepwise_keywords(const json::Value& schema_document);

// RFC 3339 section 5.6: full-date, full-time (with offset), date-time
// ("T"/"t" separator, "Z"/"z" or +hh:mm offset, leap years, second 60).
bool is_rfc3339_date(std::string_view text);
bool is_rfc3339_time(std::string_view text);
bool is_rfc3339_date_time(std::string_view text);

// Makes the constraint for a kStepwiseFormatKeyword value. Register it with
// SchemaParser::addConstraintBuilder, which takes ownership (deletes it).
class SchemaFormatBuilder : public valijson::ConstraintBuilder {
public:
    valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;
};

}  // namespace stepwise::events
