// The <Type>StateAborted events: an execution stopped (StopExecution) or timed out (the state
// machine's TimeoutSeconds) records, for each state still running, that it was aborted: innermost
// first, then ExecutionAborted / ExecutionTimedOut as the last event. These events carry no details.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
// https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html (TaskStateAborted,
// WaitStateAborted, ParallelStateAborted, MapStateAborted, MapIterationAborted at level ERROR)
#include <gtest/gtest.h>

#include "driver.h"
#include "json/write.h"

using namespace stepwise;
using namespace stepwise::enginetest;
using engine::Status;

namespace {

void stop(Run& r) { enginetest::stop(r, kStart + 5000, "Operator", "stopped by hand"); }

std::vector<std::string> tail(const Run& r, size_t n) {
    auto types = r.types();
    return {types.end() - static_cast<std::ptrdiff_t>(std::min(n, types.size())), types.end()};
}

const char* kOneTask = R"({"StartAt": "Work", "States": {
  "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}})";

}  // namespace

TEST(AbortedStates, StoppedInATask) {
    std::vector<engine::Command> commands;
    enginetest::Run r = start(kOneTask, json::Object{}, commands);
    stop(r);
    ASSERT_EQ(r.status(), Status::Aborted);
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                                                   "TaskStateAborted", "ExecutionAborted"}));
    const auto& h = r.exec->history();
    // Chained like every event: the abort follows the task's last event, ExecutionAborted follows it.
    EXPECT_EQ(h[4].previous_id, h[3].id);
    EXPECT_EQ(h[5].previous_id, h[4].id);
    EXPECT_EQ(json::dump(h[4].to_json(r.exec->history_context())),
              R"({"timestamp":1700000005,"type":"TaskStateAborted","id":5,"previousEventId":4})");
    auto aborted = h[5].to_json(r.exec->history_context());
    EXPECT_EQ(json::dump(*aborted.find("executionAbortedEventDetails")),
              R"({"error":"Operator","cause":"stopped by hand"})");
}

TEST(AbortedStates, StoppedWhileATaskWaitsToRetry) {
    const char* machine = R"({"StartAt": "Work", "States": {
      "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
               "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3600}]}}})";
    std::vector<engine::Command> commands;
    enginetest::Run r = start(machine, json::Object{}, commands);
    ASSERT_EQ(commands.size(), 1u);
    engine::InputEvent failed;
    failed.kind = engine::InputEvent::Kind::TaskFailed;
    failed.ref = commands[0].id;
    failed.time_ms = kStart + 1;
    failed.error = "Boom";
    commands.clear();
    r.exec->handle(failed, commands);
    stop(r);
    EXPECT_EQ(tail(r, 3), (std::vector<std::string>{"TaskFailed", "TaskStateAborted", "ExecutionAborted"}));
}

TEST(AbortedStates, StoppedInAWait) {
    const char* machine = R"({"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 60, "End": true}}})";
    std::vector<engine::Command> commands;
    enginetest::Run r = start(machine, json::Object{}, commands);
    stop(r);
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "WaitStateEntered", "WaitStateAborted",
                                                   "ExecutionAborted"}));
}

// The state machine's TimeoutSeconds ends it the same way, with ExecutionTimedOut last.
TEST(AbortedStates, TimedOutInAWait) {
    const char* machine = R"({"TimeoutSeconds": 10, "StartAt": "Hold", "States": {
      "Hold": {"Type": "Wait", "Seconds": 60, "End": true}}})";
    auto r = run(machine, json::Object{});
    ASSERT_EQ(r.status(), Status::TimedOut);
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "WaitStateEntered", "WaitStateAborted",
                                                   "ExecutionTimedOut"}));
}

TEST(AbortedStates, StoppedInAParallelAbortsEachRunningBranchFirst) {
    const char* machine = R"({"StartAt": "Both", "States": {
      "Both": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 60, "End": true}}}]}}})";
    std::vector<engine::Command> commands;
    enginetest::Run r = start(machine, json::Object{}, commands);
    stop(r);
    ASSERT_EQ(r.status(), Status::Aborted);
    EXPECT_EQ(tail(r, 4), (std::vector<std::string>{"TaskStateAborted", "WaitStateAborted", "ParallelStateAborted",
                                                    "ExecutionAborted"}));
    const auto& h = r.exec->history();
    EXPECT_EQ(h[h.size() - 4].state_name(), "A");
    EXPECT_EQ(h[h.size() - 3].state_name(), "B");
    EXPECT_EQ(h[h.size() - 2].state_name(), "Both");
}

TEST(AbortedStates, StoppedInAMapAbortsEachIterationInFlight) {
    const char* machine = R"({"StartAt": "Each", "States": {
      "Each": {"Type": "Map", "MaxConcurrency": 2, "End": true, "ItemProcessor": {"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}}}})";
    std::vector<engine::Command> commands;
    enginetest::Run r = start(machine, json::parse("[1, 2, 3]"), commands);
    ASSERT_EQ(commands.size(), 2u);  // two iterations in flight, the third not started
    stop(r);
    EXPECT_EQ(tail(r, 6), (std::vector<std::string>{"TaskStateAborted", "MapIterationAborted", "TaskStateAborted",
                                                    "MapIterationAborted", "MapStateAborted", "ExecutionAborted"}));
    const auto& h = r.exec->history();
    const auto& context = r.exec->history_context();
    EXPECT_EQ(json::dump(*h[h.size() - 5].to_json(context).find("mapIterationAbortedEventDetails")),
              R"({"name":"Each","index":0})");
    EXPECT_EQ(json::dump(*h[h.size() - 3].to_json(context).find("mapIterationAbortedEventDetails")),
              R"({"name":"Each","index":1})");
    EXPECT_EQ(h[h.size() - 2].previous_id, h[h.size() - 3].id);
}

// A state that has ended leaves nothing to abort.
TEST(AbortedStates, NothingToAbortAfterTheEnd) {
    auto r = run(kOneTask, json::Object{});
    ASSERT_EQ(r.status(), Status::Succeeded);
    const size_t events = r.exec->history().size();
    stop(r);
    EXPECT_EQ(r.exec->history().size(), events);
}

// A DISTRIBUTED Map's Map Run is aborted with it: MapRunAborted (HistoryEvent's type list; no details),
// then MapStateAborted. The shell stops the run's children (tasks/map_run/map_runner.cpp cancel()).
TEST(AbortedStates, StoppedInADistributedMapAbortsItsMapRun) {
    const char* def = R"({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                   "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                     "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}})";
    std::vector<engine::Command> commands;
    enginetest::Run r = start(def, json::parse("[1, 2]"), commands);
    stop(r);
    ASSERT_EQ(r.status(), Status::Aborted);
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted",
                                                   "MapRunAborted", "MapStateAborted", "ExecutionAborted"}));
}

// A Stop the shell queued before the Start (a StopExecution racing the start) or after the end has nothing to stop.
TEST(AbortedStates, AStopBeforeTheStartOrAfterTheEndChangesNothing) {
    enginetest::Run early;
    early.exec = std::make_unique<engine::Execution>(compile(kOneTask), engine::ExecutionConfig{});
    stop(early);
    EXPECT_TRUE(early.exec->history().empty());
    EXPECT_EQ(early.status(), Status::Running);

    std::vector<engine::Command> commands;
    enginetest::Run r = start(kOneTask, json::Object{}, commands);
    stop(r);
    const size_t events = r.exec->history().size();
    stop(r);
    EXPECT_EQ(r.exec->history().size(), events);
    EXPECT_EQ(r.types().back(), "ExecutionAborted");
}
