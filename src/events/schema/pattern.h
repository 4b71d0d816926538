// JSON Schema `pattern` for the schema registry, on the linear-time regex
// engine (regex/regex.h) with ECMA-262 syntax, as JSON Schema specifies.
//
// valijson 1.0 checks `pattern` with std::regex, which recursed once per
// character and overflowed the stack on long strings (one PutEvents could end
// the server) and backtracks without bound. As for `format` (format.h),
// the registry compiles a copy of each schema whose string-valued `pattern`
// keywords are renamed to kStepwisePatternKeyword, which valijson hands to
// SchemaPatternBuilder. A pattern the engine does not take (back-references,
// look-around) fails the schema's compilation, naming the pattern.
#pragma once

#include <string_view>

#include "events/schema/json_adapter.h"  // first: prepares valijson's headers

#include <valijson/constraint_builder.hpp>

namespace stepwise::events {

inline constexpr std::string_view kStepwisePatternKeyword = "x-stepwise-pattern";

// Makes the constraint for a kStepwisePatternKeyword value; throws
// std::runtime_error for a pattern that does not compile. Register it with
// SchemaParser::addConstraintBuilder, which takes ownership (deletes it).
class SchemaPatternBuilder : public valijson::ConstraintBuilder {
public:
    valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override;
};

}  // namespace stepwise::events
