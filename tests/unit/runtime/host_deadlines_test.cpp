// A Task's TimeoutSeconds and HeartbeatSeconds under the ExecutionHost follow
// the execution's clock as Waits do: scaled by HostOptions::time_scale, and
// under virtual time fired when the clock is moved past them (clock_advanced),
// as is the execution's own TimeoutSeconds.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html (TimeoutSeconds, HeartbeatSeconds)
// https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html (TimeoutSeconds)
#include <atomic>
#include <cmath>

#include "../tasks/lambda_test_util.h"
#include "host_fixture.h"
#include "tasks/lambda_dispatcher.h"

using namespace stepwise;
using namespace stepwise::host_test;

namespace {

// A callback task (.waitForTaskToken with nothing local behind it) that nobody answers.
std::string callback_machine(const std::string& task_fields, const std::string& machine_fields = "") {
    return R"({)" + machine_fields + R"("StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": {"QueueUrl": "q", "MessageBody": {"Token.$": "$$.Task.Token"}})" +
           task_fields + R"(, "End": true}}})";
}

// Milliseconds since the epoch of the first history event of `type`.
int64_t event_ms(runtime::ExecutionHost& host, const std::string& arn, const std::string& type) {
    std::vector<runtime::HistoryRow> rows = host.history(arn, 0, INT64_MAX, 1000, false).value_or(std::vector<runtime::HistoryRow>{});
    for (const auto& row : rows) {
        json::Value e = json::parse(row.event);
        if (e.find("type")->as_string() == type)
            return static_cast<int64_t>(std::llround(e.find("timestamp")->as_double() * 1000.0));
    }
    ADD_FAILURE() << "no " << type << " in the history of " << arn;
    return 0;
}

runtime::HostError heartbeat(runtime::ExecutionHost& host, const std::string& token) {
    std::promise<runtime::HostError> answered;
    host.send_task_heartbeat(token, [&](runtime::HostError e) { answered.set_value(e); });
    return answered.get_future().get();
}

constexpr int64_t kStart = 1'700'000'000'000;

}  // namespace

// 300 s of TimeoutSeconds at a scale of 1/10,000 last 30 ms; the history's clock reads the 300 s.
TEST(HostDeadlines, TimeoutSecondsFollowTheTimeScale) {
    Fixture f;
    runtime::HostOptions o;
    o.time_scale = 0.0001;
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    auto started = f.start(host, f.request("d", callback_machine(R"(, "TimeoutSeconds": 300)"), "scaled"));
    ASSERT_FALSE(started.error) << started.error.message;
    auto record = f.wait_end(started.execution_arn);
    EXPECT_EQ(record.status, "FAILED");
    EXPECT_EQ(record.error.value_or(""), "States.Timeout");
    EXPECT_GE(event_ms(host, started.execution_arn, "TaskTimedOut") -
                  event_ms(host, started.execution_arn, "TaskScheduled"),
              300'000);
}

TEST(HostDeadlines, HeartbeatSecondsFollowTheTimeScale) {
    Fixture f;
    runtime::HostOptions o;
    o.time_scale = 0.0001;
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    auto started = f.start(
        host, f.request("d", callback_machine(R"(, "TimeoutSeconds": 100000, "HeartbeatSeconds": 300)"), "beats"));
    auto record = f.wait_end(started.execution_arn);
    EXPECT_EQ(record.status, "FAILED");
    EXPECT_EQ(record.error.value_or(""), "States.HeartbeatTimeout");
}

// On a virtual clock that stands still, the deadline fires when the clock is
// moved past it, at the time it was due, and not when it is moved short of it.
TEST(HostDeadlines, OnTheVirtualClockATimeoutFiresWhenTheClockPassesIt) {
    Fixture f;
    std::atomic<int64_t> now{kStart};
    runtime::HostOptions o;
    o.virtual_time = true;
    o.now_ms = [&now] { return now.load(); };
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    auto started = f.start(host, f.request("d", callback_machine(R"(, "TimeoutSeconds": 300)"), "virtual"));
    std::string token = f.wait_token(host, started.execution_arn);
    ASSERT_FALSE(token.empty());

    now += 299'000;
    host.clock_advanced();
    // Answered on the execution's strand after the catch-up: the task still waits.
    EXPECT_FALSE(heartbeat(host, token));

    now += 2'000;
    host.clock_advanced();
    auto record = f.wait_end(started.execution_arn);
    EXPECT_EQ(record.status, "FAILED");
    EXPECT_EQ(record.error.value_or(""), "States.Timeout");
    EXPECT_EQ(event_ms(host, started.execution_arn, "TaskScheduled"), kStart);
    EXPECT_EQ(event_ms(host, started.execution_arn, "TaskTimedOut"), kStart + 300'000);
}

TEST(HostDeadlines, OnTheVirtualClockTheExecutionsTimeoutFiresWhileATaskWaits) {
    Fixture f;
    std::atomic<int64_t> now{kStart};
    runtime::HostOptions o;
    o.virtual_time = true;
    o.now_ms = [&now] { return now.load(); };
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    auto started = f.start(host, f.request("d", callback_machine("", R"("TimeoutSeconds": 600, )"), "whole"));
    ASSERT_FALSE(f.wait_token(host, started.execution_arn).empty());
    now += 601'000;
    host.clock_advanced();
    auto record = f.wait_end(started.execution_arn);
    EXPECT_EQ(record.status, "TIMED_OUT");
    EXPECT_EQ(event_ms(host, started.execution_arn, "ExecutionTimedOut"), kStart + 600'000);
}

// A host at a time scale of 1/1,000 whose function "Slow" (a command) takes 0.2 s of real time.
struct SlowFunctionHost {
    tasks::testing::TempDir dir;
    Fixture f;
    std::unique_ptr<runtime::ExecutionHost> host;

    SlowFunctionHost() {
        dir.write("bin/slow.sh", "#!/bin/sh\ncat >/dev/null\nsleep 0.2\necho '{\"done\":true}'\n", true);
        auto project = std::make_shared<tasks::ProjectConfig>(tasks::testing::project_from(dir, R"({
            "functions": {"Slow": {"runtime": "command", "command": ["./bin/slow.sh"], "timeout": 60}}})"));
        runtime::HostOptions o;
        o.time_scale = 0.001;
        o.router.functions = std::make_shared<tasks::LambdaDispatcher>(project);
        host = std::make_unique<runtime::ExecutionHost>(*f.store, f.resolver(), o);
    }
    // Runs `definition` to its end.
    std::pair<std::string, store::ExecutionRecord> run(const std::string& name, const std::string& definition) {
        auto started = f.start(*host, f.request(name, definition, "local"));
        return {started.execution_arn, f.wait_end(started.execution_arn)};
    }
};

// A local function runs real code in real time: under a scale of 1/1,000 its
// TimeoutSeconds 30 still gives it 30 s of real time (not 30 ms), as `stepwise run` does.
TEST(HostDeadlines, ARunningLocalFunctionKeepsItsTimeoutInRealTime) {
    SlowFunctionHost h;
    auto [arn, record] = h.run("d", R"({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 30,
              "Parameters": {"FunctionName": "Slow", "Payload": {}}, "OutputPath": "$.Payload", "End": true}}})");
    EXPECT_EQ(record.status, "SUCCEEDED") << record.error.value_or("") << ": " << record.cause.value_or("");
    EXPECT_EQ(json::parse(record.output.value_or("null")), json::parse(R"({"done": true})"));
}

// Its HeartbeatSeconds too: a .waitForTaskToken call of a local function that runs for 0.2 s is not
// timed out by a 30 s heartbeat scaled to 30 ms while it runs; once the call has returned (TaskSubmitted),
// the heartbeat counts on the execution's clock and expires.
TEST(HostDeadlines, ARunningLocalFunctionKeepsItsHeartbeatInRealTime) {
    SlowFunctionHost h;
    auto [arn, record] = h.run("hb", R"({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "HeartbeatSeconds": 30,
              "Parameters": {"FunctionName": "Slow", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}})");
    EXPECT_EQ(record.status, "FAILED");
    EXPECT_EQ(record.error.value_or(""), "States.HeartbeatTimeout");
    EXPECT_GT(event_ms(*h.host, arn, "TaskSubmitted"), 0) << "the heartbeat expired while the call ran";
}
