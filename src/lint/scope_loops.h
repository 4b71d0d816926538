// The loops of one scope (the top level, a Parallel branch, a Map processor):
// the strongly connected components of its transitions that hold a cycle.
#pragma once

#include <vector>

#include "asl/machine.h"

namespace stepwise::lint {

// Each loop's states in definition order; the loops ordered by their first
// state. A state that goes to itself is a loop of one. Linear in the scope's
// states and transitions (Tarjan's algorithm, without recursion).
std::vector<std::vector<const asl::State*>> loops_in(const asl::StateMachine& scope);

}  // namespace stepwise::lint
