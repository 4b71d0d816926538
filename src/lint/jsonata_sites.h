// Every JSONata expression of a compiled machine, with the state and the
// field holding it: what the JSONata rules check, and where `$states` has
// which fields.
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "asl/jsonata_fields.h"
#include "asl/machine.h"
#include "jsonata/expression.h"

namespace stepwise::lint {

using asl::JsonataPlace;

struct JsonataSite {
    const asl::State& state;
    std::string_view field;  // "Output", "Assign", "Arguments", "Condition", ...
    JsonataPlace place;
    std::string pointer;     // the string holding the expression: /States/A/Output, /States/A/Assign/total
    const jsonata::Expression& expression;
};

// Every state of every scope, each expression once, in definition order.
void for_each_jsonata_site(const asl::Machine& machine, const std::function<void(const JsonataSite&)>& visit);

}  // namespace stepwise::lint
