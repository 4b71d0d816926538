// Task timeouts the shell reports (InputEvent::Kind::TaskTimedOut with error
// States.Timeout or States.HeartbeatTimeout): their history and how Retry and
// Catch match them.
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
//  - "States.HeartbeatTimeout: A Task state failed to send a heartbeat for a period longer than the
//     HeartbeatSeconds value." (only available inside Retry and Catch)
//  - "States.Timeout: A Task state either ran longer than the TimeoutSeconds value, or failed to send a
//     heartbeat for a period longer than the HeartbeatSeconds value."
//  - "States.TaskFailed: ... matches any known error name except for States.Timeout."
#include <gtest/gtest.h>

#include "driver.h"
#include "engine/errors.h"

using namespace stepwise;
using namespace stepwise::enginetest;
using engine::Status;

namespace {

engine::StateError err(std::string name) { return engine::StateError{name, std::string(""), false, false}; }

std::string with_catch(const std::string& resource, const std::string& error_equals) {
    return R"({"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": ")" + resource + R"(", "TimeoutSeconds": 60, "HeartbeatSeconds": 10,
            "Catch": [{"ErrorEquals": [)" + error_equals + R"(], "ResultPath": "$.err", "Next": "Caught"}],
            "End": true},
      "Caught": {"Type": "Pass", "End": true}}})";
}

const engine::HistoryEvent* find(const Run& r, const std::string& type) {
    for (const auto& e : r.exec->history())
        if (e.type_name() == type) return &e;
    return nullptr;
}

}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
TEST(TaskTimeouts, MatchingRules) {
    const auto timeout = err("States.Timeout");
    const auto heartbeat = err("States.HeartbeatTimeout");
    auto matches = [](std::vector<std::string> list, const engine::StateError& e) {
        return engine::error_matches(list, e);
    };
    EXPECT_TRUE(matches({"States.Timeout"}, timeout));
    EXPECT_TRUE(matches({"States.Timeout"}, heartbeat));  // "... or failed to send a heartbeat"
    EXPECT_TRUE(matches({"States.HeartbeatTimeout"}, heartbeat));
    EXPECT_FALSE(matches({"States.HeartbeatTimeout"}, timeout));
    EXPECT_FALSE(matches({"States.TaskFailed"}, timeout));
    EXPECT_FALSE(matches({"States.TaskFailed"}, heartbeat));
    EXPECT_TRUE(matches({"States.ALL"}, timeout));
    EXPECT_TRUE(matches({"States.ALL"}, heartbeat));
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// A missed heartbeat: TaskTimedOut with error States.HeartbeatTimeout, after HeartbeatSeconds.
TEST(TaskTimeouts, HeartbeatTimeoutHistoryAndExecutionError) {
    auto r = run(R"({"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "TimeoutSeconds": 60, "HeartbeatSeconds": 10, "End": true}}})",
                 json::Object{}, [](auto&, int, auto&) { return Reply::timeout("States.HeartbeatTimeout"); });
    ASSERT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "States.HeartbeatTimeout");
    EXPECT_EQ(r.exec->end_ms() - r.exec->start_ms(), 10000);
    const auto* ev = find(r, "TaskTimedOut");
    ASSERT_TRUE(ev);
    json::Value j = ev->to_json(r.exec->history_context());
    const json::Value* details = j.find("taskTimedOutEventDetails");
    ASSERT_TRUE(details);
    EXPECT_EQ(std::string(details->find("error")->as_string()), "States.HeartbeatTimeout");
    EXPECT_EQ(std::string(details->find("resourceType")->as_string()), "sqs");
    EXPECT_EQ(std::string(details->find("resource")->as_string()), "sendMessage.waitForTaskToken");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// A Lambda function ARN times out as LambdaFunctionTimedOut; both errors keep their names.
TEST(TaskTimeouts, LambdaFunctionTimedOutCarriesTheError) {
    for (std::string error : {"States.Timeout", "States.HeartbeatTimeout"}) {
        auto r = run(R"({"StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:f",
                "TimeoutSeconds": 60, "HeartbeatSeconds": 10, "End": true}}})",
                     json::Object{}, [&](auto&, int, auto&) { return Reply::timeout(error); });
        ASSERT_EQ(r.status(), Status::Failed);
        EXPECT_EQ(r.error(), error);
        const auto* ev = find(r, "LambdaFunctionTimedOut");
        ASSERT_TRUE(ev);
        json::Value j = ev->to_json(r.exec->history_context());
        EXPECT_EQ(std::string(j.find("lambdaFunctionTimedOutEventDetails")->find("error")->as_string()), error);
    }
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
TEST(TaskTimeouts, CatchByName) {
    const std::string resource = "arn:aws:states:::lambda:invoke";
    auto heartbeat = [](auto&, int, auto&) { return Reply::timeout("States.HeartbeatTimeout"); };
    auto timeout = [](auto&, int, auto&) { return Reply::timeout("States.Timeout"); };

    auto caught = run(with_catch(resource, R"("States.HeartbeatTimeout")"), json::Object{}, heartbeat);
    ASSERT_EQ(caught.status(), Status::Succeeded);
    EXPECT_EQ(caught.output(), json::parse(R"({"err":{"Error":"States.HeartbeatTimeout","Cause":""}})"));

    EXPECT_EQ(run(with_catch(resource, R"("States.Timeout")"), json::Object{}, heartbeat).status(), Status::Succeeded);
    EXPECT_EQ(run(with_catch(resource, R"("States.ALL")"), json::Object{}, heartbeat).status(), Status::Succeeded);
    EXPECT_EQ(run(with_catch(resource, R"("States.TaskFailed")"), json::Object{}, heartbeat).status(), Status::Failed);
    EXPECT_EQ(run(with_catch(resource, R"("States.HeartbeatTimeout")"), json::Object{}, timeout).status(),
              Status::Failed);
    EXPECT_EQ(run(with_catch(resource, R"("States.TaskFailed")"), json::Object{}, timeout).status(), Status::Failed);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
// A Retrier on States.HeartbeatTimeout retries a missed heartbeat and not a TimeoutSeconds timeout.
TEST(TaskTimeouts, RetryByName) {
    const std::string machine = R"({"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 60, "HeartbeatSeconds": 10,
            "Retry": [{"ErrorEquals": ["States.HeartbeatTimeout"], "IntervalSeconds": 1, "MaxAttempts": 2}],
            "End": true}}})";
    auto retried = run(machine, json::Object{}, [](auto&, int n, auto&) {
        return n < 2 ? Reply::timeout("States.HeartbeatTimeout") : Reply::ok(json::Object{});
    });
    ASSERT_EQ(retried.status(), Status::Succeeded);
    ASSERT_EQ(retried.calls.size(), 3u);
    EXPECT_EQ(retried.calls[2].retry_count, 2);

    auto not_retried = run(machine, json::Object{}, [](auto&, int, auto&) { return Reply::timeout("States.Timeout"); });
    EXPECT_EQ(not_retried.status(), Status::Failed);
    EXPECT_EQ(not_retried.error(), "States.Timeout");
    EXPECT_EQ(not_retried.calls.size(), 1u);
}
