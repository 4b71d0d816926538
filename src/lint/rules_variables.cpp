// Variables rules: reads of workflow variables no path assigns before, reads
// the scope rules hide, variables never read, and inner scopes assigning an
// outer scope's name.
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
#include <array>
#include <map>
#include <set>

#include "asl/state_graph.h"
#include "lint/jsonata_sites.h"
#include "lint/nearest_name.h"
#include "lint/rule.h"
#include "lint/variable_flow.h"
#include "lint/wording.h"

namespace stepwise::lint {

namespace {

constexpr std::string_view kWorkflowVariables = "https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html";

// `$states` is Step Functions' reserved variable, never assigned.
constexpr std::string_view kReserved = "states";

// `$name(...)` in JSONata reads no variable: a variable holds JSON, never a
// function, so jsonata-unknown-function reports those calls.
std::set<std::pair<std::string, std::string>> calls_by_field(const asl::Machine& machine) {
    std::set<std::pair<std::string, std::string>> calls;
    for_each_jsonata_site(machine, [&](const JsonataSite& site) {
        for (const jsonata::FunctionCall& call : site.expression.function_calls())
            if (!call.bound_in_expression) calls.emplace(site.pointer, call.name);
    });
    return calls;
}

// Where a read can fail to find a value, and why.
enum class ReadProblem { None, NotYetAssigned, NeverAssigned, HiddenFromChild, OtherScope };

struct ReadVerdict {
    ReadProblem problem = ReadProblem::None;
    const asl::StateMachine* assigning_scope = nullptr;  // OtherScope, HiddenFromChild: one scope assigning the name
};

class ReadChecker {
public:
    explicit ReadChecker(const asl::Machine& machine) : machine_(machine), flow_(machine), calls_(calls_by_field(machine)) {
        asl::for_each_state(machine.root, [&](const asl::State& s) {
            for (const asl::StateMachine* inner : asl::inner_scopes(s)) scopes_.push_back(inner);
        });
        scopes_.push_back(&machine.root);
    }

    const VariableFlow& flow() const { return flow_; }

    // Calls `visit` for each variable read of a state some path reaches.
    template <class Visit>
    void for_each_read(Visit visit) const {
        asl::for_each_state(machine_.root, [&](const asl::State& s) {
            const std::set<std::string>* before = flow_.assigned_before(&s);
            if (!before) return;  // unreachable: the graph rules report the state itself
            for (const asl::VariableRead& read : s.variable_reads) {
                if (read.name == kReserved || calls_.count({read.pointer, read.name})) continue;
                visit(s, read, *before);
            }
        });
    }

    ReadVerdict judge(const asl::State& s, const std::string& name, const std::set<std::string>& before) const {
        if (before.count(name)) return {};
        std::vector<const asl::StateMachine*> visible = flow_.visible_scopes(&s);
        for (const asl::StateMachine* scope : visible)
            if (flow_.assigned_in(scope).count(name)) return {ReadProblem::NotYetAssigned, scope};
        const asl::StateMachine* elsewhere = nullptr;
        for (const asl::StateMachine* scope : scopes_)
            if (flow_.assigned_in(scope).count(name)) {
                elsewhere = scope;
                break;
            }
        if (!elsewhere) return {ReadProblem::NeverAssigned, nullptr};
        // Assigned around the Distributed Map whose child workflow reads it?
        if (flow_.is_child_workflow(visible.back()) && encloses(elsewhere, visible.back()))
            return {ReadProblem::HiddenFromChild, elsewhere};
        return {ReadProblem::OtherScope, elsewhere};
    }

    // Every name assigned in a scope `s` can see, for "did you mean".
    std::vector<std::string> visible_names(const asl::State& s) const {
        std::vector<std::string> names;
        for (const asl::StateMachine* scope : flow_.visible_scopes(&s))
            for (const std::string& name : flow_.assigned_in(scope)) names.push_back(name);
        return names;
    }

private:
    const asl::Machine& machine_;
    VariableFlow flow_;
    std::set<std::pair<std::string, std::string>> calls_;
    std::vector<const asl::StateMachine*> scopes_;  // every scope, inner ones first

    // `outer` holds `inner` (some state of `outer`, or of a scope inside it, holds `inner`).
    bool encloses(const asl::StateMachine* outer, const asl::StateMachine* inner) const {
        for (const asl::State* holder = flow_.enclosing_state(inner); holder; holder = flow_.enclosing_state(holder->owner))
            if (holder->owner == outer) return true;
        return false;
    }
};

std::string reads(const asl::State& s, const asl::VariableRead& read) {
    return "State " + quoted(s.name) + " reads $" + read.name;
}

void check_undefined(const Subject& subject, FindingSink& out) {
    ReadChecker checker(subject.machine);
    checker.for_each_read([&](const asl::State& s, const asl::VariableRead& read, const std::set<std::string>& before) {
        ReadVerdict verdict = checker.judge(s, read.name, before);
        if (verdict.problem == ReadProblem::NotYetAssigned) {
            out.add(read.pointer,
                    reads(s, read) + ", but no path from StartAt in " + describe_scope(checker.flow(), s.owner) +
                        " assigns it first (a state's own Assign takes effect after the state)",
                    "assign $" + read.name + " in a state that runs before " + quoted(s.name));
        } else if (verdict.problem == ReadProblem::NeverAssigned) {
            std::optional<std::string> near = nearest_name(read.name, checker.visible_names(s));
            out.add(read.pointer, reads(s, read) + ", which no state assigns",
                    near ? "did you mean $" + *near + "?" : "assign $" + read.name + " in an Assign before reading it");
        }
    });
}

void check_out_of_scope(const Subject& subject, FindingSink& out) {
    ReadChecker checker(subject.machine);
    checker.for_each_read([&](const asl::State& s, const asl::VariableRead& read, const std::set<std::string>& before) {
        ReadVerdict verdict = checker.judge(s, read.name, before);
        if (verdict.problem == ReadProblem::HiddenFromChild) {
            out.add(read.pointer,
                    reads(s, read) + ", assigned in " + describe_scope(checker.flow(), verdict.assigning_scope) +
                        ", which " + describe_scope(checker.flow(), checker.flow().visible_scopes(&s).back()) +
                        " cannot read: a Distributed Map's child workflows do not see outer variables",
                    "pass the value in through the Map's ItemSelector and read it from the state input");
        } else if (verdict.problem == ReadProblem::OtherScope) {
            out.add(read.pointer,
                    reads(s, read) + ", which only " + describe_scope(checker.flow(), verdict.assigning_scope) +
                        " assigns; its variables are not visible here (a branch or iteration's variables go out of "
                        "scope when it ends, and are never visible to other branches)",
                    "return the value through the Parallel or Map's Output and assign it in the outer scope");
        }
    });
}

void check_unused(const Subject& subject, FindingSink& out) {
    ReadChecker checker(subject.machine);
    // For each name, every scope one of its reads can see.
    std::map<std::string, std::set<const asl::StateMachine*>, std::less<>> read_from;
    asl::for_each_state(subject.machine.root, [&](const asl::State& s) {
        for (const asl::VariableRead& read : s.variable_reads) {
            std::set<const asl::StateMachine*>& scopes = read_from[read.name];
            for (const asl::StateMachine* scope : checker.flow().visible_scopes(&s)) scopes.insert(scope);
        }
    });
    for (const Assignment& a : checker.flow().assignments()) {
        auto it = read_from.find(a.name);
        if (it != read_from.end() && it->second.count(a.state->owner)) continue;
        out.add(a.pointer, "State " + quoted(a.state->name) + " assigns $" + a.name + ", which no state that can see it reads",
                "remove the assignment, or read $" + a.name + " where it is needed");
    }
}

void check_shadowed(const Subject& subject, FindingSink& out) {
    VariableFlow flow(subject.machine);
    for (const Assignment& a : flow.assignments()) {
        std::vector<const asl::StateMachine*> visible = flow.visible_scopes(a.state);
        for (size_t i = 1; i < visible.size(); ++i) {
            if (!flow.assigned_in(visible[i]).count(a.name)) continue;
            out.add(a.pointer,
                    "State " + quoted(a.state->name) + " in " + describe_scope(flow, visible[0]) + " assigns $" + a.name +
                        ", a name " + describe_scope(flow, visible[i]) +
                        " also assigns (AWS's scope rules: a name an outer scope assigns is not assigned again inside)",
                    "rename the inner variable");
            break;
        }
    }
}

constexpr std::array kRules = {
    Rule{"variable-undefined", "variables", Severity::Error,
         "a variable read where no path from the scope's StartAt assigns it before", kWorkflowVariables,
         check_undefined},
    Rule{"variable-out-of-scope", "variables", Severity::Error,
         "a variable read where the scope rules hide it: another branch's or iteration's, or an outer one read in "
         "a Distributed Map's child workflow",
         kWorkflowVariables, check_out_of_scope},
    Rule{"variable-unused", "variables", Severity::Warning, "a variable assigned and never read where it is visible",
         kWorkflowVariables, check_unused},
    Rule{"variable-shadowed", "variables", Severity::Warning,
         "a Parallel branch or Map processor assigns a name its enclosing scope also assigns", kWorkflowVariables,
         check_shadowed},
};

}  // namespace

std::span<const Rule> variable_rules() { return kRules; }

}  // namespace stepwise::lint
