// The checker of a case's expectations against its run (testing/expectations.h).
#include "testing/expectations.h"

#include <gtest/gtest.h>

#include <deque>

#include "asl/compile.h"
#include "engine/core.h"
#include "engine/observer.h"
#include "json/parse.h"

using namespace stepwise;
namespace tst = stepwise::testing;

namespace {

// Answers each call of a state with its next scripted result ({} when none is left).
class Script : public tasks::Executor {
public:
    std::map<std::string, std::deque<tasks::TaskOutcome>> by_state;
    tasks::TaskOutcome invoke(const tasks::TaskRequest& request) override {
        auto& queue = by_state[request.state_name];
        if (queue.empty()) return tasks::TaskOutcome::success(json::Object{});
        tasks::TaskOutcome next = queue.front();
        queue.pop_front();
        return next;
    }
};

class Entered : public engine::StateObserver {
public:
    void entered(const engine::Frame& f) override { names.push_back(f.state->name); }
    // A Distributed Map's children are watched by this same observer (not owned).
    std::shared_ptr<engine::StateObserver> map_child() override { return {std::shared_ptr<void>(), this}; }
    std::vector<std::string> names;
};

struct Checked {
    runtime::RunResult result;
    std::vector<tst::Failure> failures;
};

// Runs `definition` on `input` and checks `expect` (a YAML-free spec built by the caller).
Checked check(std::string_view definition, std::string_view input, const tst::Expectations& expect, Script* script = nullptr) {
    auto compiled = asl::compile(definition);
    EXPECT_TRUE(compiled.ok()) << (compiled.errors.empty() ? "" : compiled.errors[0].to_string());
    Entered observer;
    runtime::RunOptions options;
    options.start_time_ms = 1700000000000;
    options.observer = &observer;
    options.keep_map_children = true;  // as `stepwise test`: a Distributed Map's children are checked too
    Script none;
    Checked out;
    out.result = runtime::run(compiled.machine, json::parse(input), script ? *script : none, options);
    tst::TestCaseSpec spec;
    spec.name = "case";
    spec.pointer = "/cases/0";
    spec.expect = expect;
    tst::SourceFile source{"t.test.yaml", {}};
    out.failures = tst::check_expectations(spec, source, tst::CaseOutcome{&out.result, {}, observer.names});
    return out;
}

std::string whats(const std::vector<tst::Failure>& failures) {
    std::string out;
    for (const auto& f : failures) out += f.what + ": " + f.message + "\n";
    return out;
}

constexpr std::string_view kPass = R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}})";

TEST(Expectations, AStateNameNoDefinitionHasFailsEvenWhenNotEntered) {
    tst::Expectations e;
    e.status = "SUCCEEDED";
    e.not_entered = {"Bee"};
    e.entered = {"Ay"};
    Checked c = check(kPass, "{}", e);
    EXPECT_EQ(whats(c.failures), "expect.entered: Ay is not a state of the definition\n"
                                 "expect.notEntered: Bee is not a state of the definition\n");
}

TEST(Expectations, PathNamesTheFirstDifference) {
    tst::Expectations e;
    e.path = std::vector<std::string>{"A", "C"};
    Checked c = check(kPass, "{}", e);
    ASSERT_EQ(c.failures.size(), 1u);
    EXPECT_EQ(c.failures[0].message, "state 2 was B, expected C\n  the run: A → B");
    EXPECT_EQ(c.failures[0].state, "A");
}

// Concurrent inline Map iterations interleave their events: each entry's
// output and payload are its own, not the k-th exit's of the state.
TEST(Expectations, EntriesOfConcurrentIterationsAreNotMixedUp) {
    constexpr std::string_view machine = R"({"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
        "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f", "Payload.$": "$"},
            "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 5, "MaxAttempts": 1}], "End": true}}}}}})";
    Script script;
    script.by_state["X"] = {tasks::TaskOutcome::failure("Boom", "first call fails"),
                            tasks::TaskOutcome::success(json::parse(R"({"second": true})")),
                            tasks::TaskOutcome::success(json::parse(R"({"third": true})"))};
    tst::Expectations e;
    tst::StateExpectation first;
    first.state = "X";
    first.pointer = "/cases/0/expect/states/X";
    first.payload_includes = json::parse(R"({"Payload": "a"})");
    first.output = json::parse(R"({"third": true})");  // item "a" failed first, was retried after 5 s: it ended last
    tst::StateExpectation second = first;
    second.entry = 1;
    second.payload_includes = json::parse(R"({"Payload": "b"})");
    second.output = json::parse(R"({"second": true})");
    e.states = {first, second};
    Checked c = check(machine, R"(["a", "b"])", e, &script);
    EXPECT_EQ(whats(c.failures), "");
}

// Distributed Map children are executions of their own: what they entered
// and called is seen, and their entries are checked through their histories.
TEST(Expectations, DistributedMapChildrenAreChecked) {
    constexpr std::string_view machine = R"({"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Inner", "States": {"Inner": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f"}, "End": true}}}}}})";
    tst::Expectations e;
    e.not_entered = {"Inner"};
    tst::StateExpectation calls;
    calls.state = "Inner";
    calls.pointer = "/cases/0/expect/states/Inner";
    calls.calls = 0;
    tst::StateExpectation output = calls;
    output.calls.reset();
    output.output = json::parse(R"({"never": true})");
    e.states = {calls, output};
    Checked c = check(machine, "[1, 2]", e);
    std::string text = whats(c.failures);
    EXPECT_NE(text.find("expect.notEntered: Inner was entered"), std::string::npos) << text;
    EXPECT_NE(text.find("expect.states.calls: Inner: expected 0 calls, got 2"), std::string::npos) << text;
    EXPECT_NE(text.find("expect.states.output: Inner's output"), std::string::npos) << text;
}

// Variables after a state: every assignment before it in its scope or an
// enclosing one; a branch's own stay in the branch.
TEST(Expectations, VariablesAfterAState) {
    constexpr std::string_view machine = R"({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"a": 1, "b": 1}, "Next": "P"},
        "P": {"Type": "Parallel", "Assign": {"b": 2}, "Next": "Z", "Branches": [
            {"StartAt": "In", "States": {"In": {"Type": "Pass", "Assign": {"inner": true}, "End": true}}}]},
        "Z": {"Type": "Pass", "End": true}}})";
    auto expect_after = [](const char* state, const char* variables) {
        tst::StateExpectation s;
        s.state = state;
        s.pointer = std::string("/cases/0/expect/states/") + state;
        s.variables = json::parse(variables);
        return s;
    };
    tst::Expectations e;
    e.states = {expect_after("A", R"({"a": 1, "b": 1})"), expect_after("In", R"({"a": 1, "b": 1, "inner": true})"),
                expect_after("Z", R"({"a": 1, "b": 2})")};
    Checked c = check(machine, "{}", e);
    EXPECT_EQ(whats(c.failures), "");
}

TEST(Expectations, OutputPredicates) {
    tst::Expectations e;
    tst::OutputPredicate holds{"/p/0", "a = 1", "", std::nullopt, std::nullopt};
    tst::OutputPredicate fails{"/p/1", "a = 2", "", std::nullopt, std::nullopt};
    tst::OutputPredicate not_boolean{"/p/2", "a", "", std::nullopt, std::nullopt};
    tst::OutputPredicate missing{"/p/3", "", "$.b", std::nullopt, true};
    tst::OutputPredicate equals{"/p/4", "", "$.a", json::Value(1), std::nullopt};
    e.output_satisfies = {holds, fails, not_boolean, missing, equals};
    Checked c = check(R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"a": 1}, "End": true}}})", "{}", e);
    EXPECT_EQ(whats(c.failures), "expect.outputSatisfies: {% a = 2 %} is false for the output {\"a\":1}\n"
                                 "expect.outputSatisfies: {% a %} is 1, not a boolean\n"
                                 "expect.outputSatisfies: $.b selects nothing in the output\n");
}

}  // namespace
