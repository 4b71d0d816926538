// Walking a compiled machine: where each state can go next, and the scopes
// (Parallel branches, Map processors) nested inside states.
#pragma once

#include <functional>
#include <unordered_map>
#include <vector>

#include "asl/machine.h"

namespace stepwise::asl {

// The states `state` can go to next within its scope: Next, each Choice rule's
// Next and Default, each Catcher's Next (a state that ends goes nowhere).
std::vector<const State*> successors(const State& state);

// The scopes directly inside `state`: a Parallel's branches, a Map's processor.
std::vector<const StateMachine*> inner_scopes(const State& state);

// The Parallel or Map state holding each scope nested in `root` (the top
// level has none).
std::unordered_map<const StateMachine*, const State*> enclosing_states(const StateMachine& root);

// Every state of `scope` and of the scopes nested inside it, depth first in
// definition order (a Parallel before its branches' states).
void for_each_state(const StateMachine& scope, const std::function<void(const State&)>& visit);

}  // namespace stepwise::asl
