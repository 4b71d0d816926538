// The data rules' data-flow pass: pushes what is known of an example
// execution input and the Task states' mocked results through each state's
// JSONPath input and output processing (InputPath, Parameters, the result,
// ResultSelector, ResultPath, OutputPath, as AWS applies them), over Choice
// branches, Catchers, Parallel branches and Map processors, to a fixed point
// over loops; and records what each JSONPath of `$` read in every example
// shape that reaches it.
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
#pragma once

#include <string>
#include <vector>

#include "asl/machine.h"
#include "lint/rule.h"
#include "lint/shape_paths.h"

namespace stepwise::lint {

// One JSONPath field of a state, and what it read in each shape of the
// examples that reached it (none: no example reaches it, or the pass gave up).
struct PathRead {
    const asl::State* state = nullptr;
    std::string pointer;  // the field: /States/V/InputPath, /States/T/Parameters/order.$
    std::string field;    // "InputPath", "Parameters", "Choice rule", ...
    std::string path;     // as written
    std::vector<Reading> readings;
};

// JSONata states are not followed: what they output is unknown.
std::vector<PathRead> trace_path_reads(const asl::Machine& machine, const ExampleData& examples);

}  // namespace stepwise::lint
