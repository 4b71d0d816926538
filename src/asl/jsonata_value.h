// A field that may hold JSONata (Arguments, Output, Assign, Items, Condition,
// Seconds, Error, ...): a JSON value whose strings may be `{% ... %}`
// expressions. Every expression is compiled with the definition and kept in
// the Machine; the engine evaluates the tree without parsing text.
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "json/value.h"
#include "jsonata/expression.h"

namespace stepwise::asl {

// The JSONata Step Functions runs, which every expression of a definition is
// read in: "Step Functions supports JSONata version 2.0.6" (the page above).
inline constexpr jsonata::LanguageLevel kAwsJsonataLevel = jsonata::LanguageLevel::V2_0_6;

// One node of a JSONata field value, mirroring the value as written.
struct JsonataNode {
    enum class Kind { Constant, Expression, Object, Array };
    Kind kind = Kind::Constant;
    // Constant: the value as written, shared (no expression inside).
    json::Value constant;
    // Expression: compiled, shared and immutable. `text` is the expression as
    // AWS quotes it in errors (trimmed); `where` is its place below the field
    // ("/items/0"). An expression that does not parse keeps its error in
    // `invalid` (and is reported, so no Machine holds it; the engine still
    // raises it rather than evaluate a missing expression).
    std::shared_ptr<const jsonata::Expression> expression;
    std::optional<jsonata::Error> invalid;
    std::string text;
    std::string where;
    // Object: member names and values in order; Array: the items (in `children`).
    std::vector<std::string> names;
    std::vector<JsonataNode> children;
};

struct JsonataValue {
    json::Value raw;       // as written
    JsonataNode compiled;  // what the engine evaluates
};

}  // namespace stepwise::asl
