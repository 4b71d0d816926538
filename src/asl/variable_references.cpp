#include "asl/variable_references.h"

#include <algorithm>

namespace stepwise::asl {
namespace {

void collect(const StateMachine& scope, std::vector<StateVariableReferences>& out) {
    for (const std::unique_ptr<State>& state : scope.states) {
        std::vector<std::string> names;
        for (const VariableRead& read : state->variable_reads)
            if (std::find(names.begin(), names.end(), read.name) == names.end()) names.push_back(read.name);
        if (!names.empty()) out.push_back({state->name, std::move(names)});
        if (state->type == StateType::Parallel)
            for (const auto& branch : state->as<ParallelState>().branches) collect(*branch, out);
        if (state->type == StateType::Map && state->as<MapState>().processor)
            collect(*state->as<MapState>().processor, out);
    }
}

}  // namespace

std::vector<StateVariableReferences> variable_references(const Machine& machine) {
    std::vector<StateVariableReferences> out;
    collect(machine.root, out);
    return out;
}

}  // namespace stepwise::asl
