// DescribeStateMachine's `variableReferences`: for each state that reads a
// workflow variable, the names it reads.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html
#pragma once

#include <string>
#include <vector>

#include "asl/machine.h"

namespace stepwise::asl {

struct StateVariableReferences {
    std::string state;                    // the state's name (names are unique machine-wide)
    std::vector<std::string> variables;   // without `$`, each once, in the order first read
};

// Every state of every scope (Parallel branches and Map processors under
// their own names), depth first in definition order; a state that reads no
// variable is left out.
std::vector<StateVariableReferences> variable_references(const Machine& machine);

}  // namespace stepwise::asl
