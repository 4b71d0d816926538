// The definition TestState runs: one state compiled inside a machine of its
// own, or one state of a whole machine (`stateName`).
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
#include <set>

#include "engine/test_state.h"
#include "json/parse.h"

namespace stepwise::engine {

namespace {

constexpr std::string_view kStateName = "TestState";
constexpr std::string_view kStatePointer = "/States/TestState";

void add_target(const json::Value* name, std::set<std::string>& targets) {
    if (name && name->is_string()) targets.insert(std::string(name->as_string()));
}

// Every state name the state transitions to.
std::set<std::string> transition_targets(const json::Value& state) {
    std::set<std::string> targets;
    add_target(state.find("Next"), targets);
    add_target(state.find("Default"), targets);
    for (const char* list : {"Choices", "Catch"}) {
        const json::Value* items = state.find(list);
        if (!items || !items->is_array()) continue;
        for (const json::Value& item : items->as_array())
            if (item.is_object()) add_target(item.find("Next"), targets);
    }
    return targets;
}

bool needs_transition(std::string_view type) {
    return type == "Pass" || type == "Task" || type == "Wait" || type == "Parallel" || type == "Map";
}

// {"StartAt": "TestState", "States": {"TestState": <state>, <target>: Succeed, ...}}
json::Value single_state_machine(json::Value state) {
    std::set<std::string> targets = transition_targets(state);
    const json::Value* type = state.find("Type");
    // A state tested alone may leave out its transition (nothing follows it here).
    if (type && type->is_string() && needs_transition(type->as_string()) && !state.find("Next") && !state.find("End"))
        state.mutable_object().set("End", true);
    json::Object states;
    states.set(kStateName, std::move(state));
    for (const std::string& target : targets)
        if (target != kStateName) states.set(target, json::Value(json::Object{{"Type", "Succeed"}}));
    return json::Value(json::Object{{"StartAt", kStateName}, {"States", json::Value(std::move(states))}});
}

// Diagnostics point into the state as given, not into the machine around it.
void relocate(std::vector<asl::Diagnostic>& errors) {
    for (asl::Diagnostic& d : errors) {
        if (d.pointer.starts_with(kStatePointer)) d.pointer.erase(0, kStatePointer.size());
        else if (d.pointer.starts_with("/States/")) d.pointer.clear();  // a stand-in: not the user's text
    }
}

}  // namespace

TestStateDefinition compile_test_state(const std::string& definition_text, const std::string& state_name) {
    TestStateDefinition out;
    std::string parse_error;
    std::optional<json::Value> parsed = json::try_parse(definition_text, &parse_error);
    if (!parsed || !parsed->is_object() || !state_name.empty()) {
        asl::CompileResult compiled = asl::compile(definition_text);
        out.errors = std::move(compiled.errors);
        out.machine = std::move(compiled.machine);
        if (!out.machine) return out;
        auto it = out.machine->all_states.find(state_name);
        if (it == out.machine->all_states.end()) {
            out.missing_state = state_name;
            out.machine.reset();
            return out;
        }
        out.state = it->second;
        return out;
    }
    asl::CompileResult compiled = asl::compile(single_state_machine(std::move(*parsed)));
    out.errors = std::move(compiled.errors);
    relocate(out.errors);
    out.machine = std::move(compiled.machine);
    if (out.machine) out.state = out.machine->root.find(std::string(kStateName));
    return out;
}

}  // namespace stepwise::engine
