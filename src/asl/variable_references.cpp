#include "asl/variable_references.h"

#include <algorithm>

#include "asl/state_graph.h"

namespace stepwise::asl {

std::vector<StateVariableReferences> variable_references(const Machine& machine) {
    std::vector<StateVariableReferences> out;
    for_each_state(machine.root, [&](const State& state) {
        std::vector<std::string> names;
        for (const VariableRead& read : state.variable_reads)
            if (std::find(names.begin(), names.end(), read.name) == names.end()) names.push_back(read.name);
        if (!names.empty()) out.push_back({state.name, std::move(names)});
    });
    return out;
}

}  // namespace stepwise::asl
