// Long waits: a Wait beyond the range of asio's timers (int64 nanoseconds:
// about 292 years), and a long poll whose poller hung up before its answer.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "asl/compile.h"
#include "json/parse.h"
#include "runtime/execution_host.h"
#include "store/store.h"

using namespace stepwise;

namespace {

struct Host {
    std::unique_ptr<store::Store> store = store::open_sqlite(":memory:");
    std::map<std::string, std::shared_ptr<const asl::Machine>> definitions;
    runtime::ExecutionHost host;

    explicit Host(runtime::HostOptions options)
        : host(*store, [this](const std::string& id) { return definitions.at(id); }, std::move(options)) {}

    std::string start(const std::string& id, const std::string& definition, const std::string& name) {
        auto compiled = asl::compile(std::string_view(definition));
        EXPECT_TRUE(compiled.ok());
        definitions[id] = compiled.machine;
        runtime::StartRequest r;
        r.machine = compiled.machine;
        r.definition_id = id;
        r.state_machine_name = "M";
        r.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:M";
        r.name = name;
        std::promise<runtime::StartResult> started;
        host.start(std::move(r), [&](runtime::StartResult s) { started.set_value(std::move(s)); });
        runtime::StartResult result = started.get_future().get();
        EXPECT_FALSE(result.error) << result.error.message;
        return result.execution_arn;
    }
    std::string status(const std::string& arn) {
        auto record = store->get_execution(arn);
        return record ? record->status : "";
    }
    std::string wait_end(const std::string& arn) {
        for (int i = 0; i < 4000 && status(arn) == "RUNNING"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return status(arn);
    }
    std::optional<runtime::ActivityTask> poll(const std::string& activity, const std::string& worker) {
        std::promise<std::optional<runtime::ActivityTask>> got;
        host.get_activity_task(activity, worker, 20'000, [&](std::optional<runtime::ActivityTask> t) { got.set_value(t); });
        return got.get_future().get();
    }
};

}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
TEST(FarFutureWait, WaitsInsteadOfEndingAtOnce) {
    runtime::HostOptions options;
    options.threads = 2;
    Host h(options);
    std::string far = h.start("far", R"({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Timestamp": "9999-12-31T23:59:59Z", "End": true}}})", "far");
    // A short Wait started after it ends first (before the fix the far one
    // ended at once: its delay wrapped around in nanoseconds).
    std::string near = h.start("near", R"({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 1, "End": true}}})", "near");
    EXPECT_EQ(h.wait_end(near), "SUCCEEDED");
    EXPECT_EQ(h.status(far), "RUNNING");
}

// A GetActivityTask answer its poller never received (the client hung up)
// gives the task back: the next poller gets it, and the history keeps one
// ActivityStarted.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetActivityTask.html
TEST(ActivityTasks, ATaskGivenBackGoesToTheNextPoller) {
    runtime::HostOptions options;
    options.threads = 2;
    Host h(options);
    const std::string activity = "arn:aws:states:us-east-1:123456789012:activity:A";
    std::string arn = h.start("act", R"({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": ")" + activity + R"(", "End": true}}})", "act");
    auto first = h.poll(activity, "gone");
    ASSERT_TRUE(first);
    h.host.reoffer_activity_task(activity, *first);
    auto second = h.poll(activity, "w2");
    ASSERT_TRUE(second);
    EXPECT_EQ(second->task_token, first->task_token);
    std::promise<runtime::HostError> answered;
    h.host.send_task_success(second->task_token, R"({"done": true})", [&](runtime::HostError e) { answered.set_value(e); });
    EXPECT_FALSE(answered.get_future().get());
    EXPECT_EQ(h.wait_end(arn), "SUCCEEDED");
    int started = 0;
    auto history = h.host.history(arn, 0, INT64_MAX, 1000, false);
    ASSERT_TRUE(history);
    for (const auto& row : *history)
        started += row.event.find("\"ActivityStarted\"") != std::string::npos;
    EXPECT_EQ(started, 1);
}
