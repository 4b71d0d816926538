// runtime::run with child executions: states:startExecution in its four
// patterns and aws-sdk:sfn:sendTask* served by the run's own executions, all
// on one virtual clock and one queue (LocalRun).
//   https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
//   https://docs.aws.amazon.com/step-functions/latest/apireference/API_TaskSubmittedEventDetails.html
//   https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>

#include "asl/compile.h"
#include "json/parse.h"
#include "json/write.h"
#include "runtime/run.h"
#include "tasks/integrations/execution_port.h"
#include "tasks/mock_config.h"

using namespace stepwise;

namespace {

constexpr int64_t kT0 = 1700000000000;

std::shared_ptr<const asl::Machine> machine(const std::string& text) {
    auto r = asl::compile(text);
    EXPECT_TRUE(r.ok()) << text << "\n" << (r.errors.empty() ? "" : r.errors.front().to_string());
    return r.machine;
}

std::string sm(const std::string& name) { return "arn:aws:states:us-east-1:123456789012:stateMachine:" + name; }
std::string ex(const std::string& machine_name, const std::string& name) {
    return "arn:aws:states:us-east-1:123456789012:execution:" + machine_name + ":" + name;
}

// The state machines children may start, by name.
class Catalog : public runtime::MachineCatalog {
public:
    std::map<std::string, std::shared_ptr<const asl::Machine>> machines;
    std::optional<Entry> find(const std::string& name, std::string* problem) const override {
        auto it = machines.find(name);
        if (it == machines.end()) {
            if (problem) *problem = "not in the test's catalog";
            return std::nullopt;
        }
        return Entry{it->second, false};
    }
    void add(const std::string& name, const std::string& definition) { machines[name] = machine(definition); }
};

// One Task state "Start" calling `resource` with `parameters`; `extra` adds fields to the state.
std::string one_task(const std::string& resource, const std::string& parameters, const std::string& extra = "") {
    return R"({"StartAt":"Start","States":{"Start":{"Type":"Task","Resource":")" + resource +
           R"(","Parameters":)" + parameters + extra + R"(,"End":true}}})";
}

std::string start_params(const std::string& child, const std::string& input = R"({"n":1})",
                         const std::string& name = "") {
    return R"({"StateMachineArn":")" + sm(child) + R"(","Input":)" + input +
           (name.empty() ? std::string() : R"(,"Name":")" + name + "\"") + "}";
}

const char* kStart = "arn:aws:states:::states:startExecution";
const char* kStartSync = "arn:aws:states:::states:startExecution.sync";
const char* kStartSync2 = "arn:aws:states:::states:startExecution.sync:2";
const char* kStartToken = "arn:aws:states:::states:startExecution.waitForTaskToken";
const char* kTokenInput = R"({"token.$":"$$.Task.Token"})";

std::vector<std::string> event_types(const runtime::RunResult& r) {
    std::vector<std::string> types;
    for (const auto& e : r.history) types.push_back(e.type_name());
    return types;
}

const json::Value* event_of(const json::Value& history, const std::string& type) {
    for (const json::Value& e : history.find("events")->as_array())
        if (e.find("type")->as_string() == type) return &e;
    return nullptr;
}

class NestedRun : public ::testing::Test {
protected:
    void SetUp() override {
        // 60 s of virtual Wait, then {"got": <n>}.
        catalog.add("Waiter", R"({"StartAt":"W","States":{
            "W":{"Type":"Wait","Seconds":60,"Next":"P"},
            "P":{"Type":"Pass","Parameters":{"got.$":"$.n"},"End":true}}})");
        catalog.add("ShortWaiter", R"({"StartAt":"W","States":{
            "W":{"Type":"Wait","Seconds":30,"Next":"P"},
            "P":{"Type":"Pass","Parameters":{"got.$":"$.n"},"End":true}}})");
        catalog.add("Quick", R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})");
        catalog.add("Fails", R"({"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Child.Broke","Cause":"it broke"}}})");
        catalog.add("TimesOut", R"({"TimeoutSeconds":5,"StartAt":"W","States":{
            "W":{"Type":"Wait","Seconds":60,"End":true}}})");
        // Answers its parent's token after 20 s.
        catalog.add("Answers", R"({"StartAt":"W","States":{
            "W":{"Type":"Wait","Seconds":20,"Next":"Send"},
            "Send":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
                    "Parameters":{"TaskToken.$":"$.token","Output":"{\"answer\":42}"},"End":true}}})");
        catalog.add("Refuses", R"({"StartAt":"Send","States":{
            "Send":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sfn:sendTaskFailure",
                    "Parameters":{"TaskToken.$":"$.token","Error":"Child.Said.No","Cause":"no, thanks"},"End":true}}})");
        // Answers after 100 s.
        catalog.add("SlowAnswer", R"({"StartAt":"W","States":{
            "W":{"Type":"Wait","Seconds":100,"Next":"Send"},
            "Send":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
                    "Parameters":{"TaskToken.$":"$.token","Output":"{}"},"End":true}}})");
        // Beats every 8 s, answers at 24 s.
        catalog.add("Beats", R"({"StartAt":"W1","States":{
            "W1":{"Type":"Wait","Seconds":8,"Next":"B1"},
            "B1":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sfn:sendTaskHeartbeat",
                  "Parameters":{"TaskToken.$":"$.token"},"ResultPath":null,"Next":"W2"},
            "W2":{"Type":"Wait","Seconds":8,"Next":"B2"},
            "B2":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sfn:sendTaskHeartbeat",
                  "Parameters":{"TaskToken.$":"$.token"},"ResultPath":null,"Next":"W3"},
            "W3":{"Type":"Wait","Seconds":8,"Next":"Send"},
            "Send":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
                    "Parameters":{"TaskToken.$":"$.token","Output":"{\"beat\":true}"},"End":true}}})");
        catalog.add("CallsLambda", R"({"StartAt":"L","States":{
            "L":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                 "Parameters":{"FunctionName":"Nowhere","Payload.$":"$"},"OutputPath":"$.Payload","End":true}}})");
        catalog.add("Self", one_task(kStartSync, R"({"StateMachineArn":")" + sm("Self") + R"("})"));
        services.machines = &catalog;
        options.start_time_ms = kT0;
        options.execution_name = "parent";
    }

    runtime::RunResult run(const std::string& definition, const std::string& input = "{}") {
        return runtime::run(machine(definition), json::parse(input), services, options);
    }

    Catalog catalog;
    runtime::RunServices services;
    runtime::RunOptions options;
};

}  // namespace

// Request-response: StartExecution's response at once; the child still runs
// to its end on the run's clock. https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
TEST_F(NestedRun, RequestResponseAnswersTheStartAndTheChildStillRuns) {
    auto r = run(one_task(kStart, start_params("Waiter", R"({"n":7})", "child1")));
    ASSERT_EQ(r.status, engine::Status::Succeeded) << r.error.value_or("") << ": " << r.cause.value_or("");
    EXPECT_EQ(r.elapsed_ms(), 0);  // the parent did not wait
    ASSERT_TRUE(r.output.is_object());
    EXPECT_EQ(r.output.find("ExecutionArn")->as_string(), ex("Waiter", "child1"));
    ASSERT_NE(r.output.find("StartDate"), nullptr);
    EXPECT_EQ(r.output.find("StartDate")->as_int(), kT0);  // epoch milliseconds, as the optimized integration answers
    EXPECT_NE(r.output.find("SdkHttpMetadata"), nullptr);
    EXPECT_NE(r.output.find("SdkResponseMetadata"), nullptr);
    EXPECT_EQ(r.output.find("Output"), nullptr);
    ASSERT_EQ(r.children.size(), 1u);
    const auto& child = r.children[0];
    EXPECT_EQ(child.status, engine::Status::Succeeded);
    EXPECT_EQ(child.execution_arn, ex("Waiter", "child1"));
    EXPECT_EQ(child.state_machine_arn, sm("Waiter"));
    EXPECT_EQ(child.parent_execution_arn, ex("StateMachine", "parent"));
    EXPECT_EQ(child.output, json::parse(R"({"got":7})"));
    EXPECT_EQ(child.start_ms, kT0);
    EXPECT_EQ(child.elapsed_ms(), 60000);
    ASSERT_EQ(r.calls.size(), 1u);
    EXPECT_EQ(r.calls[0].route, tasks::TaskRoute::Integration);
}

// The AWS SDK integration answers the SDK's shape: StartDate as a timestamp, no SdkHttpMetadata.
TEST_F(NestedRun, AwsSdkStartExecutionAnswersTheSdkShape) {
    auto r = run(one_task("arn:aws:states:::aws-sdk:sfn:startExecution", start_params("Quick", "{}", "c")));
    ASSERT_EQ(r.status, engine::Status::Succeeded) << r.cause.value_or("");
    EXPECT_EQ(r.output.find("ExecutionArn")->as_string(), ex("Quick", "c"));
    ASSERT_NE(r.output.find("StartDate"), nullptr);
    EXPECT_TRUE(r.output.find("StartDate")->is_string());
    EXPECT_EQ(r.output.find("SdkHttpMetadata"), nullptr);
    ASSERT_EQ(r.children.size(), 1u);
    EXPECT_EQ(r.children[0].status, engine::Status::Succeeded);
}

// .sync: the parent waits for the child (its 60 s of virtual Wait add to the
// parent's time); DescribeExecution's fields, Input and Output as JSON text.
TEST_F(NestedRun, SyncWaitsForTheChildAndAnswersOutputAsText) {
    auto r = run(one_task(kStartSync, start_params("Waiter", R"({"n":3})", "c")));
    ASSERT_EQ(r.status, engine::Status::Succeeded) << r.error.value_or("") << ": " << r.cause.value_or("");
    EXPECT_EQ(r.elapsed_ms(), 60000);
    const json::Value& o = r.output;
    EXPECT_EQ(o.find("Status")->as_string(), "SUCCEEDED");
    EXPECT_EQ(o.find("ExecutionArn")->as_string(), ex("Waiter", "c"));
    EXPECT_EQ(o.find("StateMachineArn")->as_string(), sm("Waiter"));
    EXPECT_EQ(o.find("Name")->as_string(), "c");
    ASSERT_TRUE(o.find("Output")->is_string());
    EXPECT_EQ(json::parse(o.find("Output")->as_string()), json::parse(R"({"got":3})"));
    ASSERT_TRUE(o.find("Input")->is_string());
    EXPECT_EQ(json::parse(o.find("Input")->as_string()), json::parse(R"({"n":3})"));
    EXPECT_EQ(o.find("StartDate")->as_int(), kT0);
    EXPECT_EQ(o.find("StopDate")->as_int(), kT0 + 60000);
    ASSERT_EQ(r.children.size(), 1u);
    EXPECT_EQ(r.children[0].elapsed_ms(), 60000);
}

// .sync:2: the same, Input and Output as JSON.
TEST_F(NestedRun, Sync2AnswersOutputAsJson) {
    auto r = run(one_task(kStartSync2, start_params("Waiter", R"({"n":5})")));
    ASSERT_EQ(r.status, engine::Status::Succeeded) << r.cause.value_or("");
    EXPECT_EQ(r.elapsed_ms(), 60000);
    EXPECT_EQ(*r.output.find("Output"), json::parse(R"({"got":5})"));
    EXPECT_EQ(*r.output.find("Input"), json::parse(R"({"n":5})"));
    EXPECT_EQ(r.output.find("Status")->as_string(), "SUCCEEDED");
}

// Children of one parent run side by side on the one clock: two .sync
// branches of 60 s and 30 s end after 60 s, not 90 s.
TEST_F(NestedRun, SyncChildrenInParallelShareTheClock) {
    auto r = run(R"({"StartAt":"Par","States":{"Par":{"Type":"Parallel","End":true,"Branches":[
        {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
            "Parameters":{"StateMachineArn":")" + sm("Waiter") + R"(","Input":{"n":1}},"OutputPath":"$.Output","End":true}}},
        {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
            "Parameters":{"StateMachineArn":")" + sm("ShortWaiter") + R"(","Input":{"n":2}},"OutputPath":"$.Output","End":true}}}
        ]}}})");
    ASSERT_EQ(r.status, engine::Status::Succeeded) << r.cause.value_or("");
    EXPECT_EQ(r.elapsed_ms(), 60000);
    EXPECT_EQ(r.output, json::parse(R"([{"got":1},{"got":2}])"));
    ASSERT_EQ(r.children.size(), 2u);
    EXPECT_NE(r.children[0].execution_arn, r.children[1].execution_arn);
}

// A child that fails fails the .sync task with States.TaskFailed and the
// child's description (its Error and Cause) as the cause; a Catch takes it.
TEST_F(NestedRun, AFailingChildFailsSyncWithTaskFailedAndItsDescription) {
    auto r = run(one_task(kStartSync, start_params("Fails", "{}", "doomed")));
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "States.TaskFailed");
    auto cause = json::try_parse(r.cause.value_or(""));
    ASSERT_TRUE(cause && cause->is_object()) << r.cause.value_or("");
    EXPECT_EQ(cause->find("Status")->as_string(), "FAILED");
    EXPECT_EQ(cause->find("Error")->as_string(), "Child.Broke");
    EXPECT_EQ(cause->find("Cause")->as_string(), "it broke");
    EXPECT_EQ(cause->find("ExecutionArn")->as_string(), ex("Fails", "doomed"));
    EXPECT_EQ(cause->find("Output"), nullptr);
    ASSERT_EQ(r.children.size(), 1u);
    EXPECT_EQ(r.children[0].status, engine::Status::Failed);
}

TEST_F(NestedRun, AFailingChildIsCatchable) {
    auto r = run(R"({"StartAt":"Start","States":{
        "Start":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
                 "Parameters":{"StateMachineArn":")" + sm("Fails") + R"("},
                 "Catch":[{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.err","Next":"Caught"}],"End":true},
        "Caught":{"Type":"Pass","End":true}}})", R"({"keep":1})");
    ASSERT_EQ(r.status, engine::Status::Succeeded) << r.cause.value_or("");
    EXPECT_EQ(r.output.find("keep")->as_int(), 1);
    const json::Value* err = r.output.find("err");
    ASSERT_NE(err, nullptr);
    EXPECT_EQ(err->find("Error")->as_string(), "States.TaskFailed");
    auto cause = json::try_parse(err->find("Cause")->as_string());
    ASSERT_TRUE(cause);
    EXPECT_EQ(cause->find("Error")->as_string(), "Child.Broke");
}

// A child that times out (its own TimeoutSeconds) fails .sync too, Status TIMED_OUT.
TEST_F(NestedRun, ATimedOutChildFailsSync) {
    auto r = run(one_task(kStartSync, start_params("TimesOut")));
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "States.TaskFailed");
    auto cause = json::try_parse(r.cause.value_or(""));
    ASSERT_TRUE(cause) << r.cause.value_or("");
    EXPECT_EQ(cause->find("Status")->as_string(), "TIMED_OUT");
    EXPECT_EQ(r.elapsed_ms(), 5000);
}

// .waitForTaskToken: the child gets $$.Task.Token and answers with
// aws-sdk:sfn:sendTaskSuccess; its Output is the task's result.
TEST_F(NestedRun, WaitForTaskTokenIsAnsweredByTheChildsSendTaskSuccess) {
    auto r = run(one_task(kStartToken, start_params("Answers", kTokenInput)));
    ASSERT_EQ(r.status, engine::Status::Succeeded) << r.error.value_or("") << ": " << r.cause.value_or("");
    EXPECT_EQ(r.output, json::parse(R"({"answer":42})"));
    EXPECT_EQ(r.elapsed_ms(), 20000);
    ASSERT_EQ(r.children.size(), 1u);
    EXPECT_EQ(r.children[0].status, engine::Status::Succeeded);
    EXPECT_EQ(r.children[0].output, json::parse("{}"));  // SendTaskSuccess answers {}
}

TEST_F(NestedRun, WaitForTaskTokenFailsWithTheChildsSendTaskFailure) {
    auto r = run(one_task(kStartToken, start_params("Refuses", kTokenInput)));
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "Child.Said.No");
    EXPECT_EQ(r.cause.value_or(""), "no, thanks");
    ASSERT_EQ(r.children.size(), 1u);
    EXPECT_EQ(r.children[0].status, engine::Status::Succeeded);
}

// A token nothing in the run answers fails loudly with States.Runtime, no hang.
TEST_F(NestedRun, AnUnansweredTokenFailsWithStatesRuntime) {
    auto r = run(one_task(kStartToken, start_params("Quick", kTokenInput)));
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "States.Runtime");
    EXPECT_NE(r.cause.value_or("").find("Task state 'Start' waits for a callback"), std::string::npos)
        << r.cause.value_or("");
    EXPECT_EQ(r.elapsed_ms(), 0);
}

// ... unless it has a TimeoutSeconds: then it times out at that virtual time.
TEST_F(NestedRun, AnUnansweredTokenWithTimeoutSecondsTimesOutOnTime) {
    auto r = run(one_task(kStartToken, start_params("Quick", kTokenInput), R"(,"TimeoutSeconds":30)"));
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "States.Timeout");
    EXPECT_EQ(r.elapsed_ms(), 30000);
    auto types = event_types(r);
    EXPECT_NE(std::find(types.begin(), types.end(), "TaskTimedOut"), types.end());
}

// HeartbeatSeconds: no heartbeat within it fails the task with States.HeartbeatTimeout;
// the child's late SendTaskSuccess then finds no task (TaskTimedOut).
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskHeartbeat.html
TEST_F(NestedRun, HeartbeatSecondsExpires) {
    auto r = run(one_task(kStartToken, start_params("SlowAnswer", kTokenInput), R"(,"HeartbeatSeconds":10)"));
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "States.HeartbeatTimeout");
    EXPECT_EQ(r.elapsed_ms(), 10000);
    ASSERT_EQ(r.children.size(), 1u);
    EXPECT_EQ(r.children[0].status, engine::Status::Failed);
    EXPECT_EQ(r.children[0].error.value_or(""), "Sfn.TaskTimedOutException");
    EXPECT_EQ(r.children[0].elapsed_ms(), 100000);
}

TEST_F(NestedRun, HeartbeatsKeepTheTaskAlive) {
    auto r = run(one_task(kStartToken, start_params("Beats", kTokenInput), R"(,"HeartbeatSeconds":10)"));
    ASSERT_EQ(r.status, engine::Status::Succeeded) << r.error.value_or("") << ": " << r.cause.value_or("");
    EXPECT_EQ(r.output, json::parse(R"({"beat":true})"));
    EXPECT_EQ(r.elapsed_ms(), 24000);
}

// TimeoutSeconds on a .sync task: the task fails with States.Timeout and the
// child is stopped (ABORTED) at that time.
TEST_F(NestedRun, ASyncTaskTimeoutStopsTheChild) {
    auto r = run(one_task(kStartSync, start_params("Waiter", R"({"n":1})", "slow"), R"(,"TimeoutSeconds":10)"));
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "States.Timeout");
    EXPECT_EQ(r.elapsed_ms(), 10000);
    ASSERT_EQ(r.children.size(), 1u);
    EXPECT_EQ(r.children[0].status, engine::Status::Aborted);
    EXPECT_EQ(r.children[0].elapsed_ms(), 10000);
}

// A machine that .sync-starts itself is cut at tasks::kMaxExecutionDepth.
TEST_F(NestedRun, NestingDeeperThanTheLimitFails) {
    options.state_machine_name = "Self";
    auto r = runtime::run(catalog.machines.at("Self"), json::parse("{}"), services, options);
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "States.TaskFailed");
    int depth = 0;
    const runtime::RunResult* deepest = &r;
    while (!deepest->children.empty()) {
        ASSERT_EQ(deepest->children.size(), 1u);
        deepest = &deepest->children[0];
        ++depth;
    }
    EXPECT_EQ(depth, tasks::kMaxExecutionDepth);
    EXPECT_EQ(deepest->status, engine::Status::Failed);
    EXPECT_EQ(deepest->error.value_or(""), "StepFunctions.ExecutionLimitExceededException");
    EXPECT_NE(deepest->cause.value_or("").find("levels deep"), std::string::npos) << deepest->cause.value_or("");
}

// Errors StartExecution answers fail the task as the integration names them:
// StepFunctions.<Code>Exception (optimized), Sfn.<Code>Exception (AWS SDK).
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html#API_StartExecution_Errors
TEST_F(NestedRun, AnUnknownMachineIsStateMachineDoesNotExist) {
    auto r = run(one_task(kStartSync, start_params("Nope")));
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "StepFunctions.StateMachineDoesNotExistException");
    EXPECT_NE(r.cause.value_or("").find(sm("Nope")), std::string::npos) << r.cause.value_or("");
    EXPECT_TRUE(r.children.empty());

    auto sdk = run(one_task("arn:aws:states:::aws-sdk:sfn:startExecution", start_params("Nope")));
    EXPECT_EQ(sdk.error.value_or(""), "Sfn.StateMachineDoesNotExistException");

    services.machines = nullptr;  // a run that knows no machines
    auto none = run(one_task(kStart, start_params("Waiter")));
    EXPECT_EQ(none.error.value_or(""), "StepFunctions.StateMachineDoesNotExistException");
    EXPECT_NE(none.cause.value_or("").find("knows no state machines"), std::string::npos) << none.cause.value_or("");
}

TEST_F(NestedRun, AnInvalidArnIsInvalidArn) {
    auto r = run(one_task(kStart, R"({"StateMachineArn":"not-an-arn"})"));
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "StepFunctions.InvalidArnException");
}

// A second start with a Name already used by a closed execution: ExecutionAlreadyExists.
TEST_F(NestedRun, ADuplicateNameIsExecutionAlreadyExists) {
    auto r = run(R"({"StartAt":"One","States":{
        "One":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync",
               "Parameters":)" + start_params("Quick", "{}", "same") + R"(,"ResultPath":null,"Next":"Two"},
        "Two":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution",
               "Parameters":)" + start_params("Quick", "{}", "same") + R"(,"End":true}}})");
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "StepFunctions.ExecutionAlreadyExistsException");
    EXPECT_NE(r.cause.value_or("").find(ex("Quick", "same")), std::string::npos) << r.cause.value_or("");
    EXPECT_EQ(r.children.size(), 1u);
}

// While the first is running, a start with the same name and a different input: ExecutionAlreadyExists.
TEST_F(NestedRun, ADuplicateNameWithOtherInputWhileRunningIsExecutionAlreadyExists) {
    auto r = run(R"({"StartAt":"One","States":{
        "One":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution",
               "Parameters":)" + start_params("Waiter", R"({"n":1})", "same") + R"(,"ResultPath":null,"Next":"Two"},
        "Two":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution",
               "Parameters":)" + start_params("Waiter", R"({"n":2})", "same") + R"(,"End":true}}})");
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "StepFunctions.ExecutionAlreadyExistsException");
}

// AWS: "StartExecution is idempotent for STANDARD workflows. For a STANDARD
// workflow, if you call StartExecution with the same name and input as a
// running execution, the call succeeds and return the same response as the
// original request." https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
TEST_F(NestedRun, ASameNameAndInputStartWhileRunningIsIdempotent) {
    auto r = run(R"({"StartAt":"One","States":{
        "One":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution",
               "Parameters":)" + start_params("Waiter", R"({"n":1})", "same") + R"(,"ResultPath":"$.one","Next":"Two"},
        "Two":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution",
               "Parameters":)" + start_params("Waiter", R"({"n":1})", "same") + R"(,"ResultPath":"$.two","End":true}}})");
    ASSERT_EQ(r.status, engine::Status::Succeeded) << r.error.value_or("") << ": " << r.cause.value_or("");
    EXPECT_EQ(r.output.find("two")->find("ExecutionArn")->as_string(), ex("Waiter", "same"));
    EXPECT_EQ(r.children.size(), 1u);  // the new execution doesn't run
}

// TaskSubmitted (API_TaskSubmittedEventDetails: output, resource, resourceType)
// is in the parent's history for .sync and .waitForTaskToken, not for request-response.
TEST_F(NestedRun, TaskSubmittedForSyncAndWaitForTaskTokenOnly) {
    auto sync = run(one_task(kStartSync, start_params("Quick", "{}", "c")));
    ASSERT_EQ(sync.status, engine::Status::Succeeded);
    auto types = event_types(sync);
    auto submitted = std::find(types.begin(), types.end(), "TaskSubmitted");
    ASSERT_NE(submitted, types.end());
    auto started = std::find(types.begin(), types.end(), "TaskStarted");
    auto succeeded = std::find(types.begin(), types.end(), "TaskSucceeded");
    EXPECT_LT(started, submitted);
    EXPECT_LT(submitted, succeeded);
    EXPECT_EQ(std::count(types.begin(), types.end(), "TaskSubmitted"), 1);
    json::Value h = sync.history_json();
    const json::Value* ev = event_of(h, "TaskSubmitted");
    ASSERT_NE(ev, nullptr);
    const json::Value* details = ev->find("taskSubmittedEventDetails");
    ASSERT_NE(details, nullptr) << json::dump(*ev);
    EXPECT_EQ(details->find("resourceType")->as_string(), "states");
    EXPECT_EQ(details->find("resource")->as_string(), "startExecution.sync");
    auto output = json::try_parse(details->find("output")->as_string());
    ASSERT_TRUE(output);
    EXPECT_EQ(output->find("ExecutionArn")->as_string(), ex("Quick", "c"));

    auto token = run(one_task(kStartToken, start_params("Answers", kTokenInput)));
    ASSERT_EQ(token.status, engine::Status::Succeeded);
    types = event_types(token);
    EXPECT_EQ(std::count(types.begin(), types.end(), "TaskSubmitted"), 1);
    json::Value th = token.history_json();
    const json::Value* tev = event_of(th, "TaskSubmitted");
    ASSERT_NE(tev, nullptr);
    EXPECT_EQ(tev->find("taskSubmittedEventDetails")->find("resource")->as_string(), "startExecution.waitForTaskToken");

    auto rr = run(one_task(kStart, start_params("Quick")));
    ASSERT_EQ(rr.status, engine::Status::Succeeded);
    types = event_types(rr);
    EXPECT_EQ(std::count(types.begin(), types.end(), "TaskSubmitted"), 0);
    EXPECT_EQ(std::count(types.begin(), types.end(), "TaskSucceeded"), 1);
}

// "#TestCase" after the state machine ARN runs the child with that test case of the run's mocks.
TEST_F(NestedRun, ATestCaseSuffixMocksTheChild) {
    services.mocks = std::make_shared<const tasks::MockConfig>(tasks::MockConfig::from_json(json::parse(R"({
      "StateMachines": {"CallsLambda": {"TestCases": {"Happy": {"L": "LOk"}}}},
      "MockedResponses": {"LOk": {"0": {"Return": {"Payload": {"from": "mock"}}}}}
    })"), "test.json"));
    auto r = run(one_task(kStartSync2, R"({"StateMachineArn":")" + sm("CallsLambda") + R"(#Happy","Input":{}})"));
    ASSERT_EQ(r.status, engine::Status::Succeeded) << r.error.value_or("") << ": " << r.cause.value_or("");
    EXPECT_EQ(*r.output.find("Output"), json::parse(R"({"from":"mock"})"));
    EXPECT_EQ(r.output.find("StateMachineArn")->as_string(), sm("CallsLambda"));  // without the suffix
    ASSERT_EQ(r.children.size(), 1u);
    ASSERT_EQ(r.children[0].calls.size(), 1u);
    EXPECT_EQ(r.children[0].calls[0].route, tasks::TaskRoute::Mock);

    // Without the suffix the child is not mocked: its lambda call is unserved.
    auto unmocked = run(one_task(kStartSync2, start_params("CallsLambda", "{}")));
    ASSERT_EQ(unmocked.status, engine::Status::Failed);
    EXPECT_EQ(unmocked.error.value_or(""), "States.TaskFailed");
    ASSERT_EQ(unmocked.children.size(), 1u);
    EXPECT_EQ(unmocked.children[0].error.value_or(""), "States.Runtime");
}

TEST_F(NestedRun, AnUnknownTestCaseOrNoMocksRefusesTheStart) {
    std::string params = R"({"StateMachineArn":")" + sm("CallsLambda") + R"(#Missing","Input":{}})";
    auto no_mocks = run(one_task(kStartSync2, params));
    ASSERT_EQ(no_mocks.status, engine::Status::Failed);
    EXPECT_EQ(no_mocks.error.value_or(""), "StepFunctions.ValidationException");
    EXPECT_NE(no_mocks.cause.value_or("").find("no --mocks"), std::string::npos) << no_mocks.cause.value_or("");

    services.mocks = std::make_shared<const tasks::MockConfig>(tasks::MockConfig::from_json(json::parse(R"({
      "StateMachines": {"CallsLambda": {"TestCases": {"Happy": {"L": "LOk"}}}},
      "MockedResponses": {"LOk": {"0": {"Return": {}}}}
    })"), "test.json"));
    auto missing = run(one_task(kStartSync2, params));
    ASSERT_EQ(missing.status, engine::Status::Failed);
    EXPECT_EQ(missing.error.value_or(""), "StepFunctions.ValidationException");
    EXPECT_TRUE(missing.children.empty());
}

// A run is reproducible: the same run twice gives the same history (the
// child's ARN, the start response's request id and date derive from the child).
TEST_F(NestedRun, ARunWithChildrenIsReproducible) {
    std::string def = one_task(kStart, start_params("Quick"));
    auto a = run(def);
    auto b = run(def);
    ASSERT_EQ(a.status, engine::Status::Succeeded);
    EXPECT_EQ(json::dump(a.history_json()), json::dump(b.history_json()));
    ASSERT_EQ(a.children.size(), 1u);
    EXPECT_EQ(a.children[0].execution_arn, b.children[0].execution_arn);
}

// What stepwise does when the parent ends while a .sync child runs (its
// choice, per start_execution.h: the task's end stops the child): an
// uncaught failure in a Parallel branch ends the parent and the child is ABORTED.
TEST_F(NestedRun, WhenTheParentEndsItsSyncChildIsStopped) {
    auto r = run(R"({"StartAt":"Par","States":{"Par":{"Type":"Parallel","End":true,"Branches":[
        {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
            "Parameters":{"StateMachineArn":")" + sm("Waiter") + R"(","Input":{"n":1}},"End":true}}},
        {"StartAt":"B","States":{"B":{"Type":"Fail","Error":"X"}}}]}}})");
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "X");
    EXPECT_EQ(r.elapsed_ms(), 0);
    ASSERT_EQ(r.children.size(), 1u);
    EXPECT_EQ(r.children[0].status, engine::Status::Aborted);
    EXPECT_EQ(r.children[0].elapsed_ms(), 0);
}

// SendTask* errors as the AWS SDK integration names them (Sfn.<Code>Exception).
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html#API_SendTaskSuccess_Errors
TEST_F(NestedRun, SendTaskErrorsFailTheSendingTask) {
    catalog.add("BadToken", one_task("arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
                                     R"({"TaskToken":"not-a-token","Output":"{}"})"));
    auto bad = run(one_task(kStart, start_params("BadToken")));
    ASSERT_EQ(bad.status, engine::Status::Succeeded);
    ASSERT_EQ(bad.children.size(), 1u);
    EXPECT_EQ(bad.children[0].error.value_or(""), "Sfn.InvalidTokenException");

    catalog.add("BadOutput", one_task("arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
                                      R"({"TaskToken.$":"$.token","Output":"not json"})"));
    auto out = run(one_task(kStartToken, start_params("BadOutput", kTokenInput), R"(,"TimeoutSeconds":5)"));
    ASSERT_EQ(out.children.size(), 1u);
    EXPECT_EQ(out.children[0].error.value_or(""), "Sfn.InvalidOutputException");
    EXPECT_EQ(out.error.value_or(""), "States.Timeout");  // the parent was never answered
    EXPECT_EQ(out.elapsed_ms(), 5000);
}

// A refused start fails every pattern at once (nothing waits on a child that never ran).
TEST_F(NestedRun, ARefusedStartFailsAWaitForTaskTokenTaskAtOnce) {
    auto r = run(one_task(kStartToken, start_params("Nope", kTokenInput)));
    ASSERT_EQ(r.status, engine::Status::Failed);
    EXPECT_EQ(r.error.value_or(""), "StepFunctions.StateMachineDoesNotExistException");
    EXPECT_EQ(r.elapsed_ms(), 0);
    auto input = run(one_task(kStartSync, R"({"StateMachineArn":")" + sm("Quick") + R"(","Input":"not json"})"));
    EXPECT_EQ(input.error.value_or(""), "StepFunctions.InvalidExecutionInputException");
}
