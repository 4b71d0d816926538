// Transitions within one scope: resolves every Next/Default/Catch target to
// its state, then checks that each state is reachable from StartAt and that
// the scope can end.
#include <deque>
#include <unordered_set>

#include "asl/compiler.h"
#include "asl/state_graph.h"
#include "json/pointer.h"

namespace stepwise::asl::detail {

namespace {

const State* resolve(const StateMachine& scope, const std::string& name, const std::string& pointer,
                     Context& context) {
    if (const State* target = scope.find(name)) return target;
    std::string message = "Missing 'Next' target: " + name;
    auto elsewhere = context.machine.all_states.find(name);
    if (elsewhere != context.machine.all_states.end() && elsewhere->second->owner != &scope)
        message += " (that state is in another scope; a transition may only target a state of its own "
                   "branch, processor or top level)";
    context.diags.add(pointer, code::kMissingTransitionTarget, std::move(message));
    return nullptr;
}

}  // namespace

void link_scope(StateMachine& scope, Context& context) {
    for (std::unique_ptr<State>& state : scope.states) {
        if (!state->next_name.empty())
            state->next = resolve(scope, state->next_name, json::pointer_child(state->pointer, "Next"), context);
        for (Catcher& catcher : state->catch_)
            if (!catcher.next_name.empty())
                catcher.next = resolve(scope, catcher.next_name, json::pointer_child(catcher.pointer, "Next"), context);
        if (state->type == StateType::Choice) {
            auto& choice = static_cast<ChoiceState&>(*state);
            for (ChoiceRule& rule : choice.choices)
                if (!rule.next_name.empty())
                    rule.next = resolve(scope, rule.next_name, json::pointer_child(rule.pointer, "Next"), context);
            if (!choice.default_name.empty())
                choice.default_state =
                    resolve(scope, choice.default_name, json::pointer_child(choice.pointer, "Default"), context);
        }
    }
    if (scope.states.empty()) return;
    if (!scope.start_at.empty())
        scope.start = resolve(scope, scope.start_at, json::pointer_child(scope.pointer, "StartAt"), context);
    if (!scope.start || context.incomplete_scopes.count(&scope)) return;  // reachability needs every transition

    std::unordered_set<const State*> reached{scope.start};
    std::deque<const State*> queue{scope.start};
    while (!queue.empty()) {
        const State* state = queue.front();
        queue.pop_front();
        for (const State* next : successors(*state))
            if (reached.insert(next).second) queue.push_back(next);
    }
    bool can_end = false;
    for (const std::unique_ptr<State>& state : scope.states)
        if (state->end || state->type == StateType::Succeed || state->type == StateType::Fail) can_end = true;
    // AWS reports a scope without a terminal state alone, without its
    // unreachable states (measured in https://github.com/floci-io/floci/pull/2786).
    if (!can_end) {
        context.diags.add(scope.pointer, code::kMissingEndState,
                          "Workflow has no terminal state: no state has \"End\": true and there is no Succeed or "
                          "Fail state");
        return;
    }
    for (const std::unique_ptr<State>& state : scope.states)
        if (!reached.count(state.get()))
            context.diags.add(state->pointer, code::kMissingTransitionTarget,
                              "State \"" + state->name + "\" is not reachable.");
}

}  // namespace stepwise::asl::detail
