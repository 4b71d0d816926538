// Graph rules: loops that can spin with no pause, and Choice states that can
// find no rule to follow. (A state no transition reaches is refused by AWS,
// MISSING_TRANSITION_TARGET, so asl::compile refuses it and lint reports that.)
#include "asl/state_graph.h"
#include "lint/rule.h"
#include "lint/wording.h"
#include "lint/scope_loops.h"

namespace stepwise::lint {

namespace {

bool waits_or_calls(const asl::State& state) {
    return state.type == asl::StateType::Wait || state.type == asl::StateType::Task;
}

// A Wait or a Task in the state, or in any branch or processor inside it.
bool holds_wait_or_task(const asl::State& state) {
    if (waits_or_calls(state)) return true;
    bool found = false;
    for (const asl::StateMachine* inner : asl::inner_scopes(state))
        asl::for_each_state(*inner, [&](const asl::State& s) { found = found || waits_or_calls(s); });
    return found;
}

void check_loop_scope(const asl::StateMachine& scope, FindingSink& out) {
    for (const std::vector<const asl::State*>& loop : loops_in(scope)) {
        bool paused = false;
        for (const asl::State* state : loop) paused = paused || holds_wait_or_task(*state);
        if (paused) continue;
        // Named at the Choice that decides whether to go round again, when there is one.
        const asl::State* at = loop.front();
        for (const asl::State* state : loop)
            if (state->type == asl::StateType::Choice) {
                at = state;
                break;
            }
        std::string names;
        for (const asl::State* state : loop) names += (names.empty() ? "" : ", ") + quoted(state->name);
        out.add(at->pointer,
                (loop.size() == 1 ? "State " + names + " goes to itself" : "States " + names + " form a loop") +
                    " with no Wait or Task: an execution can go round it with no pause until the 25,000-event "
                    "history limit fails it",
                "add a Wait state to the loop, and make sure its exit is taken after a bounded number of rounds");
    }
}

void check_loops(const Subject& subject, FindingSink& out) {
    check_loop_scope(subject.machine.root, out);
    asl::for_each_state(subject.machine.root, [&](const asl::State& state) {
        for (const asl::StateMachine* inner : asl::inner_scopes(state)) check_loop_scope(*inner, out);
    });
}

bool same_path(const query::Path& a, const query::Path& b) {
    if (!a || !b) return !a && !b;
    return a.text() == b.text();
}

bool same_rule(const asl::ChoiceRule& a, const asl::ChoiceRule& b) {
    if (a.op != b.op || !same_path(a.variable, b.variable) || !(a.operand == b.operand) ||
        !same_path(a.operand_path, b.operand_path) || a.children.size() != b.children.size())
        return false;
    if (a.condition.has_value() != b.condition.has_value() || (a.condition && !(a.condition->raw == b.condition->raw)))
        return false;
    for (size_t i = 0; i < a.children.size(); ++i)
        if (!same_rule(a.children[i], b.children[i])) return false;
    return true;
}

// `Condition: true` or `Condition: "{% true %}"`.
bool always_true(const asl::ChoiceRule& rule) {
    if (rule.op != asl::ChoiceRule::Op::Condition || !rule.condition) return false;
    const asl::JsonataNode& node = rule.condition->compiled;
    return rule.condition->raw == json::Value(true) ||
           (node.kind == asl::JsonataNode::Kind::Expression && node.text == "true");
}

// One rule matches exactly when the other does not: a rule and its `Not`, or
// `IsPresent: true` and `IsPresent: false` on one Variable (and so for each
// type test). Either matches, or evaluating them fails, which a Default would
// not catch either.
bool complementary(const asl::ChoiceRule& a, const asl::ChoiceRule& b) {
    using Op = asl::ChoiceRule::Op;
    if (a.op == Op::Not && a.children.size() == 1 && same_rule(a.children[0], b)) return true;
    if (b.op == Op::Not && b.children.size() == 1 && same_rule(b.children[0], a)) return true;
    return asl::is_type_test(a.op) && a.op == b.op && same_path(a.variable, b.variable) && a.operand.is_bool() &&
           b.operand.is_bool() && a.operand.as_bool() != b.operand.as_bool();
}

bool rules_cover_every_input(const std::vector<asl::ChoiceRule>& rules) {
    for (size_t i = 0; i < rules.size(); ++i) {
        if (always_true(rules[i])) return true;
        for (size_t j = i + 1; j < rules.size(); ++j)
            if (complementary(rules[i], rules[j])) return true;
    }
    return false;
}

void check_choice_defaults(const Subject& subject, FindingSink& out) {
    asl::for_each_state(subject.machine.root, [&](const asl::State& state) {
        if (state.type != asl::StateType::Choice) return;
        const auto& choice = state.as<asl::ChoiceState>();
        if (!choice.default_name.empty() || rules_cover_every_input(choice.choices)) return;
        out.add(state.pointer,
                "Choice " + quoted(state.name) +
                    " has no Default: input that matches none of its rules fails the state, and with it the "
                    "execution",
                "add \"Default\" naming the state to go to when no rule matches (a Fail state if that is an error)");
    });
}

constexpr Rule kRules[] = {
    {"loop-without-wait", "graph", Severity::Warning,
     "a loop with no Wait or Task state, which can spin until the execution history limit",
     "https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html", check_loops},
    {"choice-without-default", "graph", Severity::Warning,
     "a Choice state without Default whose rules may all fail to match its input",
     "https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html", check_choice_defaults},
};

}  // namespace

std::span<const Rule> graph_rules() { return kRules; }

}  // namespace stepwise::lint
