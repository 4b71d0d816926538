// What the variable rules know about a machine: where each variable is
// assigned, which scopes a state can see, and which variables may hold a
// value when each state is entered (a forward "may be assigned" data flow
// over each scope's transitions).
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
#pragma once

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "asl/machine.h"

namespace stepwise::lint {

// One name an Assign sets: a state's, a Choice rule's or a Catcher's. Every
// one of them assigns in the scope of the state holding it (a Map or
// Parallel's own Assign and its Catchers' assign in the scope around it).
struct Assignment {
    std::string name;     // without `$` (a JSONPath `name.$` key without `.$`)
    std::string pointer;  // /States/A/Assign/name.$
    const asl::State* state = nullptr;
};

class VariableFlow {
public:
    explicit VariableFlow(const asl::Machine& machine);

    const std::vector<Assignment>& assignments() const { return assignments_; }
    // The names the states of `scope` assign.
    const std::set<std::string>& assigned_in(const asl::StateMachine* scope) const;
    // The variables that may hold a value when `state` is entered: along some
    // path from its scope's StartAt an Assign set them (the values a state's
    // fields, its own Assign included, read).
    // Null for a state no path from its StartAt reaches.
    const std::set<std::string>* assigned_before(const asl::State* state) const;
    // The scopes whose variables `state` can read: its own, then each
    // enclosing one up to the top level, stopping at a Distributed Map's
    // child workflow (which cannot read its parent's).
    std::vector<const asl::StateMachine*> visible_scopes(const asl::State* state) const;
    // The Parallel or Map state holding `scope` (null for the top level).
    const asl::State* enclosing_state(const asl::StateMachine* scope) const;
    bool is_child_workflow(const asl::StateMachine* scope) const;  // a Distributed Map's processor

private:
    std::vector<Assignment> assignments_;
    std::unordered_map<const asl::StateMachine*, std::set<std::string>> assigned_in_;
    std::unordered_map<const asl::State*, std::set<std::string>> before_;
    std::unordered_map<const asl::StateMachine*, const asl::State*> enclosing_;

    void collect(const asl::StateMachine& scope);
    void flow(const asl::StateMachine& scope, const std::set<std::string>& at_start);
};

// Describes a scope for messages: "the top level", "branch 2 of Parallel 'P'",
// "the ItemProcessor of Map 'M'".
std::string describe_scope(const VariableFlow& flow, const asl::StateMachine* scope);

}  // namespace stepwise::lint
