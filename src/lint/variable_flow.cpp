#include "lint/variable_flow.h"


#include "asl/state_graph.h"
#include "json/pointer.h"
#include "lint/wording.h"

namespace stepwise::lint {

namespace {

const std::set<std::string> kNone;

bool is_distributed_map(const asl::State& s) {
    return s.type == asl::StateType::Map && s.as<asl::MapState>().mode == asl::MapState::Mode::Distributed;
}

// The names an Assign sets, and where each is written. In JSONPath states a
// key ending in `.$` takes its value from a path; the variable is the key
// without it.
std::vector<std::pair<std::string, std::string>> assigned_names(const std::optional<asl::Assign>& assign,
                                                                 const asl::State& state, const std::string& base) {
    std::vector<std::pair<std::string, std::string>> out;
    if (!assign || !assign->raw.is_object()) return out;
    for (const auto& member : assign->raw.as_object()) {
        std::string key(member.name());
        std::string name = key;
        if (state.query_language == asl::QueryLanguage::JSONPath && name.size() > 2 && name.ends_with(".$"))
            name.resize(name.size() - 2);
        out.emplace_back(std::move(name), json::pointer_child(base + "/Assign", key));
    }
    return out;
}

std::set<std::string> names_only(const std::optional<asl::Assign>& assign, const asl::State& state) {
    std::set<std::string> names;
    for (auto& [name, pointer] : assigned_names(assign, state, "")) names.insert(name);
    return names;
}

}  // namespace

VariableFlow::VariableFlow(const asl::Machine& machine) : enclosing_(asl::enclosing_states(machine.root)) {
    collect(machine.root);
    flow(machine.root, kNone);
}

void VariableFlow::collect(const asl::StateMachine& scope) {
    std::set<std::string>& names = assigned_in_[&scope];
    auto add = [&](const std::optional<asl::Assign>& assign, const asl::State& state, const std::string& base) {
        for (auto& [name, pointer] : assigned_names(assign, state, base)) {
            names.insert(name);
            assignments_.push_back({name, pointer, &state});
        }
    };
    for (const auto& state : scope.states) {
        add(state->assign, *state, state->pointer);
        if (state->type == asl::StateType::Choice)
            for (const asl::ChoiceRule& rule : state->as<asl::ChoiceState>().choices) add(rule.assign, *state, rule.pointer);
        for (const asl::Catcher& c : state->catch_) add(c.assign, *state, c.pointer);
        for (const asl::StateMachine* inner : asl::inner_scopes(*state)) collect(*inner);
    }
}

void VariableFlow::flow(const asl::StateMachine& scope, const std::set<std::string>& at_start) {
    if (!scope.start) return;
    std::vector<const asl::State*> pending{scope.start};
    before_[scope.start].insert(at_start.begin(), at_start.end());
    // Each transition carries what was assigned before the state plus what the
    // state (or the Choice rule, or the Catcher) taking it assigns.
    auto reach = [&](const asl::State* target, const std::set<std::string>& values) {
        if (!target) return;
        auto [it, first_time] = before_.try_emplace(target);
        size_t size_before = it->second.size();
        it->second.insert(values.begin(), values.end());
        if (first_time || it->second.size() != size_before) pending.push_back(target);
    };
    while (!pending.empty()) {
        const asl::State* s = pending.back();
        pending.pop_back();
        const std::set<std::string> entry = before_[s];
        std::set<std::string> after_state = entry;
        after_state.merge(names_only(s->assign, *s));
        if (s->type == asl::StateType::Choice) {
            const auto& choice = s->as<asl::ChoiceState>();
            for (const asl::ChoiceRule& rule : choice.choices) {
                std::set<std::string> after_rule = after_state;
                after_rule.merge(names_only(rule.assign, *s));
                reach(rule.next, after_rule);
            }
            reach(choice.default_state, after_state);
        } else {
            reach(s->next, after_state);
        }
        for (const asl::Catcher& c : s->catch_) {
            std::set<std::string> after_catch = entry;
            after_catch.merge(names_only(c.assign, *s));
            reach(c.next, after_catch);
        }
    }
    for (const auto& state : scope.states) {
        auto entered = before_.find(state.get());
        if (entered == before_.end()) continue;  // unreachable: its inner scopes never run either
        for (const asl::StateMachine* inner : asl::inner_scopes(*state))
            flow(*inner, is_distributed_map(*state) ? kNone : entered->second);
    }
}

const std::set<std::string>& VariableFlow::assigned_in(const asl::StateMachine* scope) const {
    auto it = assigned_in_.find(scope);
    return it == assigned_in_.end() ? kNone : it->second;
}

const std::set<std::string>* VariableFlow::assigned_before(const asl::State* state) const {
    auto it = before_.find(state);
    return it == before_.end() ? nullptr : &it->second;
}

const asl::State* VariableFlow::enclosing_state(const asl::StateMachine* scope) const {
    auto it = enclosing_.find(scope);
    return it == enclosing_.end() ? nullptr : it->second;
}

bool VariableFlow::is_child_workflow(const asl::StateMachine* scope) const {
    const asl::State* holder = enclosing_state(scope);
    return holder && is_distributed_map(*holder);
}

std::vector<const asl::StateMachine*> VariableFlow::visible_scopes(const asl::State* state) const {
    std::vector<const asl::StateMachine*> scopes;
    for (const asl::StateMachine* scope = state->owner; scope;) {
        scopes.push_back(scope);
        if (is_child_workflow(scope)) break;
        const asl::State* holder = enclosing_state(scope);
        scope = holder ? holder->owner : nullptr;
    }
    return scopes;
}

std::string describe_scope(const VariableFlow& flow, const asl::StateMachine* scope) {
    const asl::State* holder = flow.enclosing_state(scope);
    if (!holder) return "the top level";
    if (holder->type == asl::StateType::Parallel) {
        const auto& branches = holder->as<asl::ParallelState>().branches;
        for (size_t i = 0; i < branches.size(); ++i)
            if (branches[i].get() == scope) return "branch " + std::to_string(i) + " of Parallel " + quoted(holder->name);
    }
    if (flow.is_child_workflow(scope)) return "the child workflow of Distributed Map " + quoted(holder->name);
    return "the ItemProcessor of Map " + quoted(holder->name);
}

}  // namespace stepwise::lint
