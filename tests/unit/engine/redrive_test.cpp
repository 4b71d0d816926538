// RedriveExecution in the core.
// https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
// "When you redrive an execution, it continues the failed execution from the unsuccessful step and uses
// the same input. Step Functions preserves the results and execution history of the successful steps,
// and these steps aren't rerun."
#include <gtest/gtest.h>

#include "driver.h"
#include "json/write.h"

using namespace stepwise;
using namespace stepwise::enginetest;
using engine::Status;

namespace {

const char* kPassThenTask = R"({
  "StartAt": "Prepare",
  "States": {
    "Prepare": {"Type": "Pass", "Result": {"prepared": true}, "ResultPath": "$.p",
                "Assign": {"who": "prepare"}, "Next": "Work"},
    "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "Parameters": {"in.$": "$", "who.$": "$who", "redrives.$": "$$.Execution.RedriveCount",
                            "retry.$": "$$.State.RetryCount"},
             "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1, "MaxAttempts": 1}],
             "Next": "Done"},
    "Done": {"Type": "Pass", "End": true}
  }})";

constexpr int64_t kLater = kStart + 3600 * 1000;

void redrive(Run& r, int64_t at, const Script& script) {
    std::vector<engine::Command> commands;
    engine::InputEvent e;
    e.kind = engine::InputEvent::Kind::Redrive;
    e.time_ms = at;
    r.now = at;
    r.exec->handle(e, commands);
    drive(r, std::move(commands), script);
}

// "<Type> <state name>" of each event from the ExecutionRedriven event on (with the iteration's index
// for Map iteration events).
std::vector<std::string> since_redrive(const engine::Execution& exec) {
    std::vector<std::string> out;
    bool redriven = false;
    for (const auto& e : exec.history()) {
        redriven = redriven || e.type == engine::EventType::ExecutionRedriven;
        if (!redriven) continue;
        std::string line = e.type_name();
        if (e.state) line += " " + e.state->name;
        if (e.type == engine::EventType::MapIterationStarted || e.type == engine::EventType::MapIterationSucceeded)
            line += " " + std::to_string(e.index);
        out.push_back(std::move(line));
    }
    return out;
}

std::vector<std::string> history_json(const engine::Execution& exec) {
    std::vector<std::string> out;
    for (const auto& e : exec.history()) out.push_back(json::dump(e.to_json(exec.history_context())));
    return out;
}

}  // namespace

TEST(Redrive, ContinuesFromTheFailedStateWithItsInput) {
    bool healthy = false;
    Script script = [&](auto&, int, auto& params) { return healthy ? Reply::ok(params) : Reply::fail("Flaky", "down"); };
    auto r = run(kPassThenTask, json::parse(R"({"order": 7})"), script);
    ASSERT_EQ(r.status(), Status::Failed);
    ASSERT_EQ(r.calls.size(), 2u);  // the try and its one retry
    EXPECT_TRUE(r.exec->redrive_status().redrivable);
    EXPECT_EQ(r.exec->redrive_status().name(), "REDRIVABLE");
    EXPECT_EQ(r.exec->redrive_count(), 0);
    EXPECT_FALSE(r.exec->redrive_ms());
    const size_t events_before = r.exec->history().size();
    const int64_t last_id = r.exec->history().back().id;

    healthy = true;
    redrive(r, kLater, script);
    ASSERT_EQ(r.status(), Status::Succeeded);
    EXPECT_EQ(r.exec->redrive_count(), 1);
    EXPECT_EQ(r.exec->redrive_ms(), kLater);
    EXPECT_EQ(r.exec->redrive_status().reason, "Execution is SUCCEEDED and cannot be redriven.");

    // Only Work ran again: same input, same variables, retry counter from 0, the new RedriveCount.
    ASSERT_EQ(r.calls.size(), 3u);
    EXPECT_EQ(r.calls[2].state, "Work");
    EXPECT_EQ(r.calls[2].retry_count, 0);
    EXPECT_EQ(r.calls[2].parameters,
              json::parse(R"({"in":{"order":7,"p":{"prepared":true}},"who":"prepare","redrives":1,"retry":0})"));
    EXPECT_EQ(r.calls[0].parameters.find("redrives")->as_int(), 0);

    // The old history stays; ExecutionRedriven follows ExecutionFailed and ids go on.
    const auto& h = r.exec->history();
    std::vector<std::string> tail;
    for (size_t i = events_before - 1; i < h.size(); ++i) tail.push_back(h[i].type_name());
    EXPECT_EQ(tail, (std::vector<std::string>{"ExecutionFailed", "ExecutionRedriven", "TaskStateEntered",
                                              "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                                              "PassStateEntered", "PassStateExited", "ExecutionSucceeded"}));
    const auto& redriven = h[events_before];
    EXPECT_EQ(redriven.id, last_id + 1);
    EXPECT_EQ(redriven.previous_id, last_id);
    EXPECT_EQ(json::dump(redriven.to_json(r.exec->history_context())),
              json::dump(json::parse(R"({"timestamp":1700003600,"type":"ExecutionRedriven","id":)" +
                                     std::to_string(last_id + 1) + R"(,"previousEventId":)" +
                                     std::to_string(last_id) +
                                     R"(,"executionRedrivenEventDetails":{"redriveCount":1}})")));
    EXPECT_EQ(h[events_before + 1].previous_id, redriven.id);
    for (size_t i = 1; i < h.size(); ++i) EXPECT_EQ(h[i].id, h[i - 1].id + 1);
}

// The journal holds the Redrive event: replaying it reproduces the redriven execution byte for byte.
TEST(Redrive, ReplayReproducesARedrivenExecution) {
    bool healthy = false;
    Script script = [&](auto&, int, auto& params) { return healthy ? Reply::ok(params) : Reply::fail("Flaky"); };
    auto r = run(kPassThenTask, json::parse(R"({"order": 7})"), script);
    ASSERT_EQ(r.status(), Status::Failed);
    healthy = true;
    redrive(r, kLater, script);
    ASSERT_EQ(r.status(), Status::Succeeded);

    std::vector<engine::InputEvent> journal;
    for (const auto& e : r.exec->journal()) journal.push_back(engine::InputEvent::from_json(e.to_json()));
    auto copy = engine::Execution::replay(r.exec->machine(), r.exec->config(), journal);
    EXPECT_EQ(copy->status(), Status::Succeeded);
    EXPECT_EQ(copy->redrive_count(), 1);
    EXPECT_EQ(copy->redrive_ms(), kLater);
    EXPECT_EQ(history_json(*copy), history_json(*r.exec));
    EXPECT_EQ(json::dump(copy->output()), json::dump(r.output()));
}

TEST(Redrive, OnlyFailedTimedOutOrAbortedExecutionsAreRedriven) {
    auto ok = run(kPassThenTask, json::Object{});
    ASSERT_EQ(ok.status(), Status::Succeeded);
    const size_t events = ok.exec->history().size(), journal = ok.exec->journal().size();
    redrive(ok, kLater, nullptr);
    EXPECT_EQ(ok.status(), Status::Succeeded);
    EXPECT_EQ(ok.exec->history().size(), events);
    EXPECT_EQ(ok.exec->journal().size(), journal);  // an ignored redrive is not journalled
    EXPECT_EQ(ok.exec->redrive_count(), 0);

    // Running: a callback task nobody answers.
    const char* waiting = R"({"StartAt": "W", "States": {
      "W": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}}})";
    engine::Execution running(compile(waiting), {});
    std::vector<engine::Command> commands;
    engine::InputEvent start;
    start.time_ms = kStart;
    running.handle(start, commands);
    ASSERT_EQ(running.status(), Status::Running);
    EXPECT_EQ(running.redrive_status().name(), "NOT_REDRIVABLE");
    EXPECT_EQ(running.redrive_status().reason, "Execution is RUNNING and cannot be redriven.");

    engine::ExecutionConfig express;
    express.express = true;
    auto failed_express = run(kPassThenTask, json::Object{}, [](auto&, int, auto&) { return Reply::fail("X"); }, express);
    ASSERT_EQ(failed_express.status(), Status::Failed);
    EXPECT_FALSE(failed_express.exec->redrive_status().redrivable);
    redrive(failed_express, kLater, nullptr);
    EXPECT_EQ(failed_express.status(), Status::Failed);
}

// ExecutionConfig::redrive_count is the count so far (an execution restored by the shell).
TEST(Redrive, CountStartsFromTheConfig) {
    engine::ExecutionConfig config;
    config.redrive_count = 2;
    bool healthy = false;
    Script script = [&](auto&, int, auto& params) { return healthy ? Reply::ok(params) : Reply::fail("Boom"); };
    auto r = run(kPassThenTask, json::Object{}, script, config);
    ASSERT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.calls[0].parameters.find("redrives")->as_int(), 2);
    healthy = true;
    redrive(r, kLater, script);
    ASSERT_EQ(r.status(), Status::Succeeded);
    EXPECT_EQ(r.exec->redrive_count(), 3);
    EXPECT_EQ(r.calls.back().parameters.find("redrives")->as_int(), 3);
}

// An aborted execution (StopExecution while a task runs) is redriven from that task.
TEST(Redrive, AbortedExecutionRerunsTheInterruptedState) {
    std::vector<engine::Command> commands;
    enginetest::Run r = start(kPassThenTask, json::parse(R"({"order": 1})"), commands);
    ASSERT_EQ(commands.size(), 1u);  // Work invoked, never answered
    stop(r, kStart + 10, "Operator");
    ASSERT_EQ(r.status(), Status::Aborted);

    redrive(r, kLater, nullptr);
    ASSERT_EQ(r.status(), Status::Succeeded);
    ASSERT_EQ(r.calls.size(), 1u);
    EXPECT_EQ(r.calls[0].state, "Work");
    EXPECT_EQ(*r.calls[0].parameters.find("in"), json::parse(R"({"order":1,"p":{"prepared":true}})"));
}

// "When you redrive an execution, the state machine level timeout, if defined, is reset to 0."
TEST(Redrive, TimedOutExecutionGetsItsTimeoutAgain) {
    const char* machine = R"({"TimeoutSeconds": 30, "StartAt": "Slow", "States": {
      "Slow": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}})";
    bool fast = false;
    Script script = [&](auto&, int, auto&) { return fast ? Reply::ok(json::Object{}) : Reply::timeout("States.Timeout"); };
    // The task's own timeout (none: 99999999 s in the driver) is longer than the execution's 30 s.
    auto r = run(machine, json::Object{}, script);
    ASSERT_EQ(r.status(), Status::TimedOut);
    EXPECT_EQ(r.exec->end_ms() - r.exec->start_ms(), 30000);
    EXPECT_TRUE(r.exec->redrive_status().redrivable);
    fast = true;
    redrive(r, kLater, script);
    EXPECT_EQ(r.status(), Status::Succeeded);
    EXPECT_EQ(r.exec->end_ms(), kLater);
}

// "For workflows that include an Inline Map or Parallel state, RedriveExecution reschedules and redrives only
// the iterations and branches that failed or aborted."
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html
TEST(Redrive, ParallelRerunsOnlyTheFailedBranch) {
    const char* machine = R"({"StartAt": "Both", "States": {
      "Both": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}]}}})";
    bool healthy = false;
    Script script = [&](const std::string& state, int n, auto&) {
        if (state == "B" && !healthy) return Reply::fail("Boom");
        return Reply::ok(json::Value(state + std::to_string(n)));
    };
    auto r = run(machine, json::Object{}, script);
    ASSERT_EQ(r.status(), Status::Failed);
    healthy = true;
    const size_t calls_before = r.calls.size();
    redrive(r, kLater, script);
    ASSERT_EQ(r.status(), Status::Succeeded);
    ASSERT_EQ(r.calls.size(), calls_before + 1);
    EXPECT_EQ(r.calls.back().state, "B");
    EXPECT_EQ(r.output(), json::parse(R"(["A0","B1"])"));
}

TEST(Redrive, MapRerunsOnlyTheFailedIterations) {
    const char* machine = R"({"StartAt": "Each", "States": {
      "Each": {"Type": "Map", "MaxConcurrency": 1, "End": true,
               "ItemProcessor": {"StartAt": "Double", "States": {
                 "Double": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}}}})";
    bool healthy = false;
    Script script = [&](const std::string&, int, const json::Value& item) {
        if (item.as_int() == 2 && !healthy) return Reply::fail("Boom");
        return Reply::ok(json::Value(item.as_int() * 10));
    };
    auto r = run(machine, json::parse("[1, 2, 3]"), script);
    ASSERT_EQ(r.status(), Status::Failed);
    ASSERT_EQ(r.calls.size(), 2u);  // item 3 never started
    healthy = true;
    redrive(r, kLater, script);
    ASSERT_EQ(r.status(), Status::Succeeded);
    ASSERT_EQ(r.calls.size(), 4u);  // items 2 and 3
    EXPECT_EQ(r.calls[2].parameters, json::Value(2));
    EXPECT_EQ(r.calls[3].parameters, json::Value(3));
    EXPECT_EQ(r.output(), json::parse("[10, 20, 30]"));

    auto copy = engine::Execution::replay(r.exec->machine(), r.exec->config(), r.exec->journal());
    EXPECT_EQ(history_json(*copy), history_json(*r.exec));
}

// A redriven Parallel that fails again and has a Retry runs every branch on the retry (a retry is a
// fresh attempt of the state).
TEST(Redrive, RetryAfterRedriveRunsAllBranches) {
    const char* machine = R"({"StartAt": "Both", "States": {
      "Both": {"Type": "Parallel", "End": true,
               "Retry": [{"ErrorEquals": ["Again"], "IntervalSeconds": 1, "MaxAttempts": 1}],
               "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}]}}})";
    int phase = 0;
    Script script = [&](const std::string& state, int n, auto&) {
        if (state == "B" && phase == 0) return Reply::fail("Boom");
        if (state == "B" && phase == 1 && n == 1) return Reply::fail("Again");
        return Reply::ok(json::Value(state + std::to_string(n)));
    };
    auto r = run(machine, json::Object{}, script);
    ASSERT_EQ(r.status(), Status::Failed);
    phase = 1;
    redrive(r, kLater, script);
    ASSERT_EQ(r.status(), Status::Succeeded);
    // Redrive: B only (fails with Again); the retry: A and B.
    std::vector<std::string> states;
    for (const auto& c : r.calls) states.push_back(c.state);
    EXPECT_EQ(states, (std::vector<std::string>{"A", "B", "B", "A", "B"}));
    EXPECT_EQ(r.output(), json::parse(R"(["A1","B2"])"));
}

// Aborted while iterations were in flight: the finished ones are kept, the aborted ones run again.
TEST(Redrive, AbortedMapKeepsFinishedIterations) {
    const char* definition = R"({"StartAt": "Each", "States": {
      "Each": {"Type": "Map", "MaxConcurrency": 1, "End": true,
               "ItemProcessor": {"StartAt": "Echo", "States": {
                 "Echo": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}}}})";
    std::vector<engine::Command> commands;
    enginetest::Run r = start(definition, json::parse("[1, 2, 3]"), commands);
    ASSERT_EQ(commands.size(), 1u);
    succeed_task(r, commands[0].id, kStart + 1, json::Value("one"), commands);  // item 1 done, item 2 invoked
    ASSERT_EQ(commands.size(), 1u);
    stop(r, kStart + 2);
    ASSERT_EQ(r.status(), Status::Aborted);

    redrive(r, kLater, nullptr);
    ASSERT_EQ(r.status(), Status::Succeeded);
    ASSERT_EQ(r.calls.size(), 2u);  // items 2 and 3
    EXPECT_EQ(r.output(), json::parse(R"(["one", 2, 3])"));
}

// A failed branch continues from the state that failed in it: the two Pass states before it are not
// entered again, the Task gets the input and the variables it had, its retry counter starts over, and the
// other branch keeps its result.
// https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
// ("continues the failed execution from the unsuccessful step and uses the same input")
TEST(Redrive, FailedBranchContinuesFromItsFailedState) {
    const char* machine = R"({"StartAt": "Both", "States": {
      "Both": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
        {"StartAt": "First", "States": {
          "First": {"Type": "Pass", "Result": 1, "ResultPath": "$.first", "Assign": {"seen": "first"}, "Next": "Second"},
          "Second": {"Type": "Pass", "Result": 2, "ResultPath": "$.second", "Next": "Third"},
          "Third": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"in.$": "$", "seen.$": "$seen", "retry.$": "$$.State.RetryCount"},
                    "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 1}],
                    "End": true}}}]}}})";
    bool healthy = false;
    Script script = [&](const std::string& state, int, const json::Value& params) {
        if (state == "Third" && !healthy) return Reply::fail("Flaky");
        return Reply::ok(state == "A" ? json::Value("a") : params);
    };
    auto r = run(machine, json::parse(R"({"order": 7})"), script);
    ASSERT_EQ(r.status(), Status::Failed);
    ASSERT_EQ(r.calls.size(), 3u);  // A, Third and its one retry
    healthy = true;
    redrive(r, kLater, script);
    ASSERT_EQ(r.status(), Status::Succeeded);

    ASSERT_EQ(r.calls.size(), 4u);
    EXPECT_EQ(r.calls[3].state, "Third");
    EXPECT_EQ(r.calls[3].retry_count, 0);
    EXPECT_EQ(r.calls[3].parameters, json::parse(R"({"in":{"order":7,"first":1,"second":2},"seen":"first","retry":0})"));
    EXPECT_EQ(since_redrive(*r.exec),
              (std::vector<std::string>{"ExecutionRedriven", "ParallelStateEntered Both", "ParallelStateStarted Both",
                                        "TaskStateEntered Third", "TaskScheduled Third", "TaskStarted Third",
                                        "TaskSucceeded Third", "TaskStateExited Third", "ParallelStateSucceeded Both",
                                        "ParallelStateExited Both", "ExecutionSucceeded"}));
    EXPECT_EQ(r.output(), json::parse(R"(["a", {"in":{"order":7,"first":1,"second":2},"seen":"first","retry":0}])"));
}

// A Map iteration that failed at its second state continues there; the iterations that succeeded are
// kept; the iteration in flight when the Map failed (aborted) continues where it was.
TEST(Redrive, FailedIterationContinuesFromItsFailedState) {
    const char* machine = R"({"StartAt": "Each", "States": {
      "Each": {"Type": "Map", "End": true, "ItemSelector": {"n.$": "$$.Map.Item.Value"},
               "ItemProcessor": {"StartAt": "Prep", "States": {
                 "Prep": {"Type": "Pass", "Parameters": {"n.$": "$.n", "prepared": true}, "Next": "Work"},
                 "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}}}})";
    bool healthy = false;
    // The first call (item 1) succeeds, the second (item 2) fails; item 3's call is answered after the
    // failure, so it is aborted.
    Script script = [&](const std::string&, int n, const json::Value& params) {
        if (!healthy && n == 1) return Reply::fail("Boom");
        return Reply::ok(json::Value(params.find("n")->as_int() * 10));
    };
    auto r = run(machine, json::parse("[1, 2, 3]"), script);
    ASSERT_EQ(r.status(), Status::Failed);
    ASSERT_EQ(r.calls.size(), 3u);
    healthy = true;
    redrive(r, kLater, script);
    ASSERT_EQ(r.status(), Status::Succeeded);
    ASSERT_EQ(r.calls.size(), 5u);  // items 2 and 3, at Work
    EXPECT_EQ(r.calls[3].parameters, json::parse(R"({"n":2,"prepared":true})"));
    EXPECT_EQ(r.calls[4].parameters, json::parse(R"({"n":3,"prepared":true})"));
    EXPECT_EQ(since_redrive(*r.exec),
              (std::vector<std::string>{
                  "ExecutionRedriven", "MapStateEntered Each", "MapStateStarted Each", "MapIterationStarted Each 1",
                  "MapIterationStarted Each 2", "TaskStateEntered Work", "TaskScheduled Work", "TaskStarted Work",
                  "TaskStateEntered Work", "TaskScheduled Work", "TaskStarted Work", "TaskSucceeded Work",
                  "TaskStateExited Work", "MapIterationSucceeded Each 1", "TaskSucceeded Work", "TaskStateExited Work",
                  "MapIterationSucceeded Each 2", "MapStateSucceeded Each", "MapStateExited Each",
                  "ExecutionSucceeded"}));
    EXPECT_EQ(r.output(), json::parse("[10, 20, 30]"));
}

// Each level continues from its own failed state and keeps what succeeded: a Parallel inside a Map
// iteration inside a Parallel branch.
const char* kNested = R"({"StartAt": "Outer", "States": {
  "Outer": {"Type": "Parallel", "End": true, "Branches": [
    {"StartAt": "Top", "States": {"Top": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
    {"StartAt": "Before", "States": {
      "Before": {"Type": "Pass", "Result": [1, 2], "Next": "Each"},
      "Each": {"Type": "Map", "MaxConcurrency": 1, "End": true, "ItemProcessor": {"StartAt": "Step", "States": {
        "Step": {"Type": "Pass", "Parameters": {"item.$": "$"}, "Next": "Inner"},
        "Inner": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "InnerOk", "States": {
            "InnerOk": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
          {"StartAt": "InnerPrep", "States": {
            "InnerPrep": {"Type": "Pass", "Assign": {"prepared.$": "$.item"}, "Next": "InnerWork"},
            "InnerWork": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                          "Parameters": {"item.$": "$.item", "prepared.$": "$prepared"}, "End": true}}}]}}}}}}]}}})";

TEST(Redrive, NestedLevelsEachContinueFromTheirFailedState) {
    bool healthy = false;
    Script script = [&](const std::string& state, int, const json::Value& params) {
        if (state == "InnerWork" && !healthy && params.find("item")->as_int() == 2) return Reply::fail("Boom");
        return Reply::ok(state == "InnerWork" ? params : json::Value(state));
    };
    auto r = run(kNested, json::Object{}, script);
    ASSERT_EQ(r.status(), Status::Failed);
    const size_t calls_before = r.calls.size();
    healthy = true;
    redrive(r, kLater, script);
    ASSERT_EQ(r.status(), Status::Succeeded);

    // Only InnerWork of item 2 runs again; Top, item 1 and InnerOk of item 2 keep their results.
    ASSERT_EQ(r.calls.size(), calls_before + 1);
    EXPECT_EQ(r.calls.back().state, "InnerWork");
    EXPECT_EQ(r.calls.back().parameters, json::parse(R"({"item":2,"prepared":2})"));
    EXPECT_EQ(since_redrive(*r.exec),
              (std::vector<std::string>{
                  "ExecutionRedriven", "ParallelStateEntered Outer", "ParallelStateStarted Outer", "MapStateEntered Each",
                  "MapStateStarted Each", "MapIterationStarted Each 1", "ParallelStateEntered Inner",
                  "ParallelStateStarted Inner", "TaskStateEntered InnerWork", "TaskScheduled InnerWork",
                  "TaskStarted InnerWork", "TaskSucceeded InnerWork", "TaskStateExited InnerWork",
                  "ParallelStateSucceeded Inner", "ParallelStateExited Inner", "MapIterationSucceeded Each 1",
                  "MapStateSucceeded Each", "MapStateExited Each", "ParallelStateSucceeded Outer",
                  "ParallelStateExited Outer", "ExecutionSucceeded"}));
    EXPECT_EQ(r.output(), json::parse(R"(["Top", [["InnerOk", {"item":1,"prepared":1}],
                                                    ["InnerOk", {"item":2,"prepared":2}]]])"));

    // The journal rebuilds the same history, redrive included.
    auto copy = engine::Execution::replay(r.exec->machine(), r.exec->config(), r.exec->journal());
    EXPECT_EQ(copy->status(), Status::Succeeded);
    EXPECT_EQ(history_json(*copy), history_json(*r.exec));
}

// A second failure after a redrive is redriven the same way: what succeeded in either attempt is kept.
TEST(Redrive, ASecondRedriveKeepsWhatEachAttemptFinished) {
    int phase = 0;
    Script script = [&](const std::string& state, int, const json::Value& params) {
        // Item 2's InnerWork fails in the first attempt and in the first redrive.
        if (state == "InnerWork" && phase < 2 && params.find("item")->as_int() == 2) return Reply::fail("Boom");
        return Reply::ok(state == "InnerWork" ? params : json::Value(state));
    };
    auto r = run(kNested, json::Object{}, script);
    ASSERT_EQ(r.status(), Status::Failed);
    const size_t calls_before = r.calls.size();
    phase = 1;
    redrive(r, kLater, script);
    ASSERT_EQ(r.status(), Status::Failed);
    phase = 2;
    redrive(r, kLater + 1000, script);
    ASSERT_EQ(r.status(), Status::Succeeded);
    EXPECT_EQ(r.exec->redrive_count(), 2);
    ASSERT_EQ(r.calls.size(), calls_before + 2);
    EXPECT_EQ(r.calls[calls_before].state, "InnerWork");
    EXPECT_EQ(r.calls[calls_before + 1].state, "InnerWork");
    EXPECT_EQ(r.output(), json::parse(R"(["Top", [["InnerOk", {"item":1,"prepared":1}],
                                                    ["InnerOk", {"item":2,"prepared":2}]]])"));
}

// Stopped while both branches were in flight (one at its second state, one at its first): after the
// redrive each continues where it was; the finished nested iteration is kept.
TEST(Redrive, StoppedWhileBranchesRanContinuesEachWhereItWas) {
    const char* definition = R"({"StartAt": "Both", "States": {
      "Both": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Prep", "States": {
          "Prep": {"Type": "Pass", "Result": "prepared", "ResultPath": "$.p", "Next": "Slow"},
          "Slow": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
        {"StartAt": "Each", "States": {
          "Each": {"Type": "Map", "MaxConcurrency": 1, "ItemsPath": "$.items", "End": true,
                   "ItemProcessor": {"StartAt": "Item", "States": {
                     "Item": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}}}}]}}})";
    std::vector<engine::Command> commands;
    enginetest::Run r = start(definition, json::parse(R"({"items": [1, 2]})"), commands);
    ASSERT_EQ(commands.size(), 2u);  // Slow, and Item for item 1
    succeed_task(r, commands[1].id, kStart + 1, json::Value("one"), commands);  // item 1 done, item 2 invoked; Slow still running
    ASSERT_EQ(commands.size(), 1u);
    stop(r, kStart + 2);
    ASSERT_EQ(r.status(), Status::Aborted);

    redrive(r, kLater, nullptr);
    ASSERT_EQ(r.status(), Status::Succeeded);
    std::vector<std::string> states;
    for (const auto& c : r.calls) states.push_back(c.state);
    EXPECT_EQ(states, (std::vector<std::string>{"Slow", "Item"}));
    EXPECT_EQ(r.calls[0].parameters, json::parse(R"({"items":[1,2],"p":"prepared"})"));
    EXPECT_EQ(r.calls[1].parameters, json::Value(2));
    EXPECT_EQ(since_redrive(*r.exec),
              (std::vector<std::string>{
                  "ExecutionRedriven", "ParallelStateEntered Both", "ParallelStateStarted Both", "TaskStateEntered Slow",
                  "TaskScheduled Slow", "TaskStarted Slow", "MapStateEntered Each", "MapStateStarted Each",
                  "MapIterationStarted Each 1", "TaskStateEntered Item", "TaskScheduled Item", "TaskStarted Item",
                  "TaskSucceeded Slow", "TaskStateExited Slow", "TaskSucceeded Item", "TaskStateExited Item",
                  "MapIterationSucceeded Each 1", "MapStateSucceeded Each", "MapStateExited Each",
                  "ParallelStateSucceeded Both", "ParallelStateExited Both", "ExecutionSucceeded"}));
    EXPECT_EQ(r.output(), json::parse(R"([{"items":[1,2],"p":"prepared"}, ["one", 2]])"));

    auto copy = engine::Execution::replay(r.exec->machine(), r.exec->config(), r.exec->journal());
    EXPECT_EQ(history_json(*copy), history_json(*r.exec));
}

// A DISTRIBUTED Map whose Map Run failed inside a Parallel branch: the redrive continues that Map Run
// (MapRunRedriven, the same Map Run ARN), as at the top level.
// https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html
TEST(Redrive, NestedDistributedMapContinuesItsMapRun) {
    const char* definition = R"({"StartAt": "Both", "States": {
      "Both": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Run", "States": {
          "Run": {"Type": "Map", "End": true,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                    "StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}}}}]}}})";
    bool healthy = false;
    Script script = [&](const std::string&, int, const json::Value& items) {
        return healthy ? Reply::ok(items) : Reply::fail("States.ExceedToleratedFailureThreshold");
    };
    auto r = run(definition, json::parse("[1, 2]"), script);
    ASSERT_EQ(r.status(), Status::Failed);
    ASSERT_EQ(r.map_runs.size(), 1u);
    EXPECT_FALSE(r.map_runs[0]->redrive);
    healthy = true;
    redrive(r, kLater, script);
    ASSERT_EQ(r.status(), Status::Succeeded);
    ASSERT_EQ(r.map_runs.size(), 2u);
    EXPECT_TRUE(r.map_runs[1]->redrive);
    EXPECT_EQ(r.map_runs[1]->map_run_arn, r.map_runs[0]->map_run_arn);
    const auto events = since_redrive(*r.exec);
    EXPECT_NE(std::find(events.begin(), events.end(), "MapRunRedriven Run"), events.end());
    EXPECT_EQ(r.output(), json::parse("[[1, 2]]"));
}

// The Parallel itself failed after both branches succeeded (its Output): the redrive re-enters it but
// runs no branch again.
TEST(Redrive, StateFailingAfterItsBranchesKeepsThemAll) {
    const char* machine = R"({"QueryLanguage": "JSONata", "StartAt": "Both", "States": {
      "Both": {"Type": "Parallel", "End": true,
               "Output": "{% $states.context.Execution.RedriveCount = 0 ? $error('not yet') : $states.result %}",
               "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}]}}})";
    Script script = [](const std::string& state, int, auto&) { return Reply::ok(json::Value(state)); };
    auto r = run(machine, json::Object{}, script);
    ASSERT_EQ(r.status(), Status::Failed);
    ASSERT_EQ(r.calls.size(), 2u);
    redrive(r, kLater, script);
    ASSERT_EQ(r.status(), Status::Succeeded);
    EXPECT_EQ(r.calls.size(), 2u);
    EXPECT_EQ(r.output(), json::parse(R"(["A", "B"])"));
}

// A retry is a fresh attempt of the state: what the branches did in the failed attempt is not kept for it.
TEST(Redrive, RetryOfAStateFailingAfterItsBranchesRunsThemAgain) {
    const char* machine = R"({"QueryLanguage": "JSONata", "StartAt": "Both", "States": {
      "Both": {"Type": "Parallel", "End": true,
               "Output": "{% $states.context.State.RetryCount = 0 ? $error('not yet') : $states.result %}",
               "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}],
               "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}]}}})";
    Script script = [](const std::string& state, int n, auto&) { return Reply::ok(json::Value(state + std::to_string(n))); };
    auto r = run(machine, json::Object{}, script);
    ASSERT_EQ(r.status(), Status::Succeeded) << r.error() << " " << r.cause();
    EXPECT_EQ(r.calls.size(), 4u);
    EXPECT_EQ(r.output(), json::parse(R"(["A1", "B1"])"));
}

// An execution stopped while its DISTRIBUTED Map's Map Run ran: the redrive continues that Map Run (same ARN,
// MapRunRedriven), whose unsuccessful children the shell redrives; it does not start a new one.
// https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html
TEST(Redrive, StoppedDistributedMapContinuesItsMapRun) {
    const char* definition = R"({"StartAt": "Run", "States": {
      "Run": {"Type": "Map", "End": true,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                "StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}}}})";
    std::vector<engine::Command> commands;
    enginetest::Run r = start(definition, json::parse("[1, 2]"), commands);
    ASSERT_EQ(commands.size(), 1u);  // the Map Run, left running
    ASSERT_TRUE(commands[0].map_run);
    const std::string arn = commands[0].map_run->map_run_arn;
    stop(r, kStart + 2);
    ASSERT_EQ(r.status(), Status::Aborted);
    redrive(r, kLater, [](const std::string&, int, const json::Value& items) { return Reply::ok(items); });
    ASSERT_EQ(r.status(), Status::Succeeded);
    ASSERT_EQ(r.map_runs.size(), 1u);  // the one the redrive asked for
    EXPECT_TRUE(r.map_runs[0]->redrive);
    EXPECT_EQ(r.map_runs[0]->map_run_arn, arn);
    const auto events = since_redrive(*r.exec);
    EXPECT_NE(std::find(events.begin(), events.end(), "MapRunRedriven Run"), events.end());
    EXPECT_EQ(std::find(events.begin(), events.end(), "MapRunStarted Run"), events.end());
}
