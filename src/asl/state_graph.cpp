#include "asl/state_graph.h"

namespace stepwise::asl {

std::vector<const State*> successors(const State& state) {
    std::vector<const State*> out;
    if (state.next) out.push_back(state.next);
    for (const Catcher& catcher : state.catch_)
        if (catcher.next) out.push_back(catcher.next);
    if (state.type == StateType::Choice) {
        const auto& choice = state.as<ChoiceState>();
        for (const ChoiceRule& rule : choice.choices)
            if (rule.next) out.push_back(rule.next);
        if (choice.default_state) out.push_back(choice.default_state);
    }
    return out;
}

std::vector<const StateMachine*> inner_scopes(const State& state) {
    std::vector<const StateMachine*> out;
    if (state.type == StateType::Parallel)
        for (const auto& branch : state.as<ParallelState>().branches) out.push_back(branch.get());
    if (state.type == StateType::Map && state.as<MapState>().processor) out.push_back(state.as<MapState>().processor.get());
    return out;
}

std::unordered_map<const StateMachine*, const State*> enclosing_states(const StateMachine& root) {
    std::unordered_map<const StateMachine*, const State*> holders;
    for_each_state(root, [&](const State& state) {
        for (const StateMachine* inner : inner_scopes(state)) holders[inner] = &state;
    });
    return holders;
}

void for_each_state(const StateMachine& scope, const std::function<void(const State&)>& visit) {
    for (const auto& state : scope.states) {
        visit(*state);
        for (const StateMachine* inner : inner_scopes(*state)) for_each_state(*inner, visit);
    }
}

}  // namespace stepwise::asl
