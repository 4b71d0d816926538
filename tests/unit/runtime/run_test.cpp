// runtime::run: the shell's clocks and task dispatch.
#include <gtest/gtest.h>

#include <chrono>

#include "asl/compile.h"
#include "engine/timestamp.h"
#include "json/parse.h"
#include "runtime/clock.h"
#include "runtime/run.h"
#include "recording_clock.h"

using namespace stepwise;

namespace {

class Echo : public tasks::Executor {
public:
    int calls = 0;
    tasks::TaskOutcome invoke(const tasks::TaskRequest& r) override {
        ++calls;
        last = r;
        return tasks::TaskOutcome::success(r.parameters);
    }
    tasks::TaskRequest last;
};

std::shared_ptr<const asl::Machine> machine(const char* text) {
    auto r = asl::compile(std::string_view(text));
    EXPECT_TRUE(r.ok());
    return r.machine;
}

}  // namespace

TEST(Run, VirtualClockSkipsWaits) {
    auto m = machine(R"({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "Next": "T"},
                        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}})");
    Echo echo;
    runtime::RunOptions o;
    o.start_time_ms = 1700000000000;
    o.execution_name = "e1";
    fixtures::RecordingClock clock(*o.start_time_ms);
    o.use_clock = &clock;
    auto r = runtime::run(m, json::parse(R"({"x":1})"), echo, o);
    ASSERT_EQ(r.status, engine::Status::Succeeded);
    EXPECT_EQ(r.output, json::parse(R"({"x":1})"));
    EXPECT_EQ(r.elapsed_ms(), 3600 * 1000);
    EXPECT_EQ(clock.slept_ms(), 3600 * 1000);  // the hour's Wait went to the clock, which jumped
    EXPECT_EQ(echo.calls, 1);
    EXPECT_EQ(echo.last.state_name, "T");
    EXPECT_EQ(echo.last.execution_arn, "arn:aws:states:us-east-1:123456789012:execution:StateMachine:e1");
    EXPECT_EQ(r.history.front().timestamp_ms, 1700000000000);
    EXPECT_EQ(r.history.back().timestamp_ms, 1700000000000 + 3600 * 1000);
}

// The clock a virtual run gets by default: an hour's sleep returns at once
// with the hour passed (were it real, the test's hang guard would stop it).
TEST(Run, VirtualClockSleepsWithoutWaiting) {
    runtime::VirtualClock clock(1700000000000);
    clock.sleep_until(1700000000000 + 3600 * 1000);
    EXPECT_EQ(clock.now_ms(), 1700000000000 + 3600 * 1000);
    clock.sleep_until(0);  // never backwards
    EXPECT_EQ(clock.now_ms(), 1700000000000 + 3600 * 1000);
}

TEST(Run, RealClockWaitsForReal) {
    auto m = machine(R"({"StartAt": "W", "States": {"W": {"Type": "Wait", "TimestampPath": "$.t", "End": true}}})");
    Echo echo;
    runtime::RunOptions o;
    o.clock = runtime::ClockMode::Real;
    std::string due = engine::format_iso8601_ms(runtime::wall_clock_ms() + 300);
    auto t0 = std::chrono::steady_clock::now();
    auto r = runtime::run(m, json::Object{{"t", json::Value(due)}}, echo, o);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_EQ(r.status, engine::Status::Succeeded);
    EXPECT_GE(ms, 250);
}

TEST(Run, TimedOutTaskAdvancesTheVirtualClockByItsTimeout) {
    class Hang : public tasks::Executor {
    public:
        tasks::TaskOutcome invoke(const tasks::TaskRequest&) override { return tasks::TaskOutcome::timeout(); }
    } hang;
    auto m = machine(R"({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "TimeoutSeconds": 30, "End": true}}})");
    runtime::RunOptions o;
    o.start_time_ms = 0;
    auto r = runtime::run(m, json::Object{}, hang, o);
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "States.Timeout");
    EXPECT_EQ(r.elapsed_ms(), 30000);
    EXPECT_EQ(r.history[r.history.size() - 2].type_name(), "TaskTimedOut");
}

TEST(Run, HistoryJsonIsTheGetExecutionHistoryShape) {
    auto m = machine(R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})");
    Echo echo;
    auto r = runtime::run(m, json::parse("[1,2]"), echo);
    json::Value h = r.history_json();
    const auto& events = h.find("events")->as_array();
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[3].find("type")->as_string(), "ExecutionSucceeded");
    EXPECT_EQ(events[3].find("executionSucceededEventDetails")->find("output")->as_string(), "[1,2]");
    EXPECT_TRUE(events[0].find("timestamp")->is_number());
}
