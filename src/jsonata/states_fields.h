// The fields of Step Functions' reserved `$states` variable an expression
// reads: "errorOutput" in `$states.errorOutput.Cause`, "input" in
// `$states.input`. Which fields exist depends on where the expression sits
// (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace stepwise::jsonata {

struct Node;

struct StatesField {
    std::string name;
    size_t position = 0;  // where `$states` is read in the expression's text
};

// In order of appearance, anywhere in the expression; a field read twice is listed twice.
std::vector<StatesField> states_fields(const Node* root);

}  // namespace stepwise::jsonata
