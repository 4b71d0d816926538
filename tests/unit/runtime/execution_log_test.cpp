// Execution logging (runtime/execution_log.h): which history events each level
// logs, the record AWS sends to CloudWatch Logs, and the host writing them.
// https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html
// https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
#include <mutex>

#include "host_fixture.h"
#include "json/write.h"
#include "runtime/execution_log.h"
#include "runtime/run.h"

using namespace stepwise;
using namespace stepwise::host_test;

namespace {

const char* kFails = R"({"StartAt": "Check", "States": {
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Done"}],
              "Default": "Broken"},
    "Done": {"Type": "Pass", "End": true},
    "Broken": {"Type": "Fail", "Error": "Order.Broken", "Cause": "not ok"}}})";

class NoTasks : public tasks::Executor {
public:
    tasks::TaskOutcome invoke(const tasks::TaskRequest&) override { return tasks::TaskOutcome::timeout(); }
};

runtime::RunResult run(const char* definition, const char* input) {
    NoTasks none;
    runtime::RunOptions o;
    o.start_time_ms = 1'700'000'000'000;
    return runtime::run(compile(definition), json::parse(input), none, o);
}

const engine::HistoryEvent& event_of(const runtime::RunResult& r, const std::string& type) {
    for (const auto& e : r.history)
        if (e.type_name() == type) return e;
    ADD_FAILURE() << "no " << type;
    return r.history.front();
}

}  // namespace

TEST(ExecutionLog, LevelsFollowAwsTable) {
    using runtime::LogLevel;
    for (const char* type : {"ExecutionStarted", "PassStateEntered", "TaskSucceeded", "FailStateEntered", "TaskFailed"})
        EXPECT_TRUE(runtime::logged_at(LogLevel::All, type)) << type;
    for (const char* type : {"FailStateEntered", "TaskFailed", "TaskTimedOut", "TaskStateAborted", "WaitStateAborted",
                             "MapIterationFailed", "ParallelStateFailed", "LambdaFunctionTimedOut", "ExecutionFailed",
                             "ExecutionTimedOut", "ExecutionAborted"})
        EXPECT_TRUE(runtime::logged_at(LogLevel::Error, type)) << type;
    for (const char* type : {"ExecutionStarted", "ExecutionSucceeded", "TaskSucceeded", "TaskScheduled",
                             "PassStateEntered", "ChoiceStateExited", "MapIterationSucceeded"})
        EXPECT_FALSE(runtime::logged_at(LogLevel::Error, type)) << type;
    for (const char* type : {"ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"})
        EXPECT_TRUE(runtime::logged_at(LogLevel::Fatal, type)) << type;
    for (const char* type : {"FailStateEntered", "TaskFailed", "ExecutionStarted"})
        EXPECT_FALSE(runtime::logged_at(LogLevel::Fatal, type)) << type;
    EXPECT_FALSE(runtime::logged_at(LogLevel::Off, "ExecutionFailed"));
    EXPECT_EQ(runtime::log_level_named("ERROR"), LogLevel::Error);
    EXPECT_FALSE(runtime::log_level_named("error"));
}

TEST(ExecutionLog, RecordWithoutExecutionData) {
    auto r = run(kFails, R"({"ok": false, "secret": 1})");
    const engine::HistoryEvent& started = event_of(r, "ExecutionStarted");
    json::Value record = runtime::log_record(started, r.history_context, 0, false);
    EXPECT_EQ(json::dump(record),
              R"({"id":"1","type":"ExecutionStarted","details":{"roleArn":")" + r.history_context.role_arn +
                  R"("},"previous_event_id":"0","event_timestamp":"1700000000000","execution_arn":")" +
                  r.history_context.execution_arn + R"(","redrive_count":"0"})");
    json::Value entered = runtime::log_record(event_of(r, "FailStateEntered"), r.history_context, 2, false);
    EXPECT_EQ(json::dump(*entered.find("details")), R"({"name":"Broken"})");
    EXPECT_EQ(entered.find("redrive_count")->as_string(), "2");
    json::Value failed = runtime::log_record(event_of(r, "ExecutionFailed"), r.history_context, 0, false);
    EXPECT_EQ(json::dump(*failed.find("details")), R"({"error":"Order.Broken","cause":"not ok"})");
    EXPECT_EQ(failed.find("previous_event_id")->as_string(),
              std::to_string(event_of(r, "ExecutionFailed").previous_id));
}

TEST(ExecutionLog, RecordWithExecutionDataKeepsThePayloadsAsTheHistoryDoes) {
    auto r = run(kFails, R"({"ok": true})");
    json::Value started = runtime::log_record(event_of(r, "ExecutionStarted"), r.history_context, 0, true);
    const json::Value& details = *started.find("details");
    EXPECT_EQ(json::parse(std::string(details.find("input")->as_string())), json::parse(R"({"ok": true})"));
    EXPECT_EQ(json::dump(*details.find("inputDetails")), R"({"truncated":false})");
    json::Value succeeded = runtime::log_record(event_of(r, "ExecutionSucceeded"), r.history_context, 0, false);
    EXPECT_EQ(json::dump(*succeeded.find("details")), "{}");
}

// The host writes the records of a logged execution's events, level ERROR: only the failing run's.
TEST(ExecutionLog, TheHostWritesTheRecordsOfTheLevel) {
    Fixture f;
    std::mutex mutex;
    std::vector<std::pair<std::string, std::string>> written;
    runtime::HostOptions o;
    o.virtual_time = true;
    o.write_log = [&](const std::string& group, const std::string& lines) {
        std::lock_guard lock(mutex);
        written.emplace_back(group, lines);
    };
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    std::string failing;
    for (bool ok : {false, true}) {
        auto request = f.request("d", kFails, ok ? "works" : "fails", ok ? R"({"ok": true})" : R"({"ok": false})");
        request.logging = {runtime::LogLevel::Error, false, "orders"};
        auto started = f.start(host, std::move(request));
        if (!ok) failing = started.execution_arn;
        EXPECT_EQ(f.wait_end(started.execution_arn).status, ok ? "SUCCEEDED" : "FAILED");
    }
    std::vector<std::string> types;
    for (int i = 0; i < 2000 && types.size() < 2; ++i) {
        {
            std::lock_guard lock(mutex);
            types.clear();
            for (const auto& [group, lines] : written) {
                EXPECT_EQ(group, "orders");
                size_t at = 0;
                while (at < lines.size()) {
                    size_t end = lines.find('\n', at);
                    if (end == std::string::npos) end = lines.size();
                    json::Value record = json::parse(lines.substr(at, end - at));
                    EXPECT_EQ(record.find("execution_arn")->as_string(), failing);
                    types.emplace_back(record.find("type")->as_string());
                    at = end + 1;
                }
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(types, (std::vector<std::string>{"FailStateEntered", "ExecutionFailed"}));
}
