#include "lint/scope_loops.h"

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <utility>

#include "asl/state_graph.h"

namespace stepwise::lint {

std::vector<std::vector<const asl::State*>> loops_in(const asl::StateMachine& scope) {
    const size_t count = scope.states.size();
    std::unordered_map<const asl::State*, size_t> position;
    for (size_t i = 0; i < count; ++i) position[scope.states[i].get()] = i;
    std::vector<std::vector<size_t>> next(count);
    for (size_t i = 0; i < count; ++i)
        for (const asl::State* target : asl::successors(*scope.states[i]))
            if (auto it = position.find(target); it != position.end()) next[i].push_back(it->second);

    constexpr size_t kUnvisited = std::numeric_limits<size_t>::max();
    std::vector<size_t> order(count, kUnvisited), low(count, 0);
    std::vector<bool> on_stack(count, false);
    std::vector<size_t> stack;
    std::vector<std::pair<size_t, size_t>> walk;  // a state, and the index of its next successor to visit
    size_t visited = 0;
    std::vector<std::vector<size_t>> loops;
    auto enter = [&](size_t state) {
        order[state] = low[state] = visited++;
        stack.push_back(state);
        on_stack[state] = true;
        walk.emplace_back(state, 0);
    };
    for (size_t root = 0; root < count; ++root) {
        if (order[root] != kUnvisited) continue;
        enter(root);
        while (!walk.empty()) {
            const size_t state = walk.back().first;
            if (size_t& child = walk.back().second; child < next[state].size()) {
                const size_t target = next[state][child++];
                if (order[target] == kUnvisited)
                    enter(target);
                else if (on_stack[target])
                    low[state] = std::min(low[state], order[target]);
                continue;
            }
            walk.pop_back();
            if (!walk.empty()) low[walk.back().first] = std::min(low[walk.back().first], low[state]);
            if (low[state] != order[state]) continue;
            std::vector<size_t> component;
            size_t member;
            do {
                member = stack.back();
                stack.pop_back();
                on_stack[member] = false;
                component.push_back(member);
            } while (member != state);
            bool goes_to_itself = std::find(next[state].begin(), next[state].end(), state) != next[state].end();
            if (component.size() > 1 || goes_to_itself) {
                std::sort(component.begin(), component.end());
                loops.push_back(std::move(component));
            }
        }
    }
    std::sort(loops.begin(), loops.end());
    std::vector<std::vector<const asl::State*>> out;
    for (const std::vector<size_t>& loop : loops) {
        std::vector<const asl::State*> states;
        for (size_t i : loop) states.push_back(scope.states[i].get());
        out.push_back(std::move(states));
    }
    return out;
}

}  // namespace stepwise::lint
