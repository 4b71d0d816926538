// Executions through the real ExecutionHost: start, describe, list, history,
// stop, express (sync) runs, versions and aliases, the definition an execution started with.
#include "sfn_fixture.h"

namespace stepwise::api::testing {
namespace {

using Executions = SfnTest;
using WaitingExecutions = SfnRealTimeTest;

const std::string kExecutionPrefix = "arn:aws:states:us-east-1:123456789012:execution:";
const std::string kWaitDefinition =
    R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"Next":"P"},"P":{"Type":"Pass","End":true}}})";
const std::string kThreeStates =
    R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Pass","End":true}}})";

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html
TEST_F(Executions, StartAndDescribe) {
    std::string arn = create_machine("M").text("stateMachineArn");
    Answer started = call("StartExecution", json::Object{{"stateMachineArn", arn}, {"name", "run-1"}, {"input", R"({"a":1})"}});
    ASSERT_EQ(started.status, 200) << json::dump(started.body);
    EXPECT_EQ(started.text("executionArn"), kExecutionPrefix + "M:run-1");
    EXPECT_TRUE(started.body.find("startDate")->is_number());

    Answer done = wait_done(started.text("executionArn"));
    EXPECT_EQ(done.text("status"), "SUCCEEDED") << json::dump(done.body);
    EXPECT_EQ(done.text("stateMachineArn"), arn);
    EXPECT_EQ(done.text("name"), "run-1");
    EXPECT_EQ(done.text("input"), R"({"a":1})");
    EXPECT_EQ(done.text("output"), R"({"ok":true})");
    EXPECT_EQ(json::dump(*done.body.find("inputDetails")), R"({"included":true})");
    EXPECT_TRUE(done.body.find("stopDate")->is_number());
    EXPECT_EQ(done.body.find("redriveCount")->as_int(), 0);
    EXPECT_EQ(done.text("redriveStatus"), "NOT_REDRIVABLE");
    EXPECT_EQ(done.text("redriveStatusReason"), "Execution is SUCCEEDED and cannot be redriven");

    // A generated name is a UUID.
    Answer unnamed = call("StartExecution", json::Object{{"stateMachineArn", arn}});
    EXPECT_EQ(unnamed.text("executionArn").size(), kExecutionPrefix.size() + 2 + 36);
}

TEST_F(WaitingExecutions, StopListAndFilter) {
    std::string arn = create_machine("Waits", kWaitDefinition).text("stateMachineArn");
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(call("StartExecution", json::Object{{"stateMachineArn", arn}, {"name", "e" + std::to_string(i)}}).status,
                  200);
    Answer stopped = call("StopExecution", json::Object{{"executionArn", kExecutionPrefix + "Waits:e1"},
                                                        {"error", "Operator.Stop"}, {"cause", "test"}});
    ASSERT_EQ(stopped.status, 200) << json::dump(stopped.body);
    EXPECT_TRUE(stopped.body.find("stopDate")->is_number());
    Answer aborted = wait_done(kExecutionPrefix + "Waits:e1");
    EXPECT_EQ(aborted.text("status"), "ABORTED");
    EXPECT_EQ(aborted.text("redriveStatus"), "REDRIVABLE");

    std::vector<std::string> names;
    std::string token;
    do {
        json::Object body{{"stateMachineArn", arn}, {"maxResults", 2}};
        if (!token.empty()) body.set("nextToken", token);
        Answer page = call("ListExecutions", json::Value(std::move(body)));
        ASSERT_EQ(page.status, 200) << json::dump(page.body);
        for (const auto& item : page.body.find("executions")->as_array()) names.emplace_back(item.find("name")->as_string());
        token = page.text("nextToken");
    } while (!token.empty());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"e0", "e1", "e2"}));

    Answer only_aborted = call("ListExecutions", json::Object{{"stateMachineArn", arn}, {"statusFilter", "ABORTED"}});
    ASSERT_EQ(only_aborted.body.find("executions")->size(), 1u);
    EXPECT_AWS_ERROR(call("ListExecutions", json::Object{{"stateMachineArn", arn}, {"nextToken", "not-a-page-token"}}),
                     "InvalidToken");
    EXPECT_AWS_ERROR(call("ListExecutions", json::Object{{"stateMachineArn", arn}, {"maxResults", 1001}}),
                     "ValidationException");
    EXPECT_AWS_ERROR(call("ListExecutions", json::Object{}), "ValidationException");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html
TEST_F(Executions, HistoryPagesReverseAndWithoutData) {
    std::string arn = create_machine("Three", kThreeStates).text("stateMachineArn");
    std::string execution = call("StartExecution", json::Object{{"stateMachineArn", arn}, {"input", R"({"secret":1})"}})
                                .text("executionArn");
    ASSERT_EQ(wait_done(execution).text("status"), "SUCCEEDED");

    Answer whole = call("GetExecutionHistory", json::Object{{"executionArn", execution}});
    ASSERT_EQ(whole.status, 200) << json::dump(whole.body);
    const auto& events = whole.body.find("events")->as_array();
    ASSERT_EQ(events.size(), 8u);  // started, 3 x (entered, exited), succeeded
    EXPECT_EQ(events[0].find("type")->as_string(), "ExecutionStarted");
    EXPECT_EQ(whole.body.find("nextToken"), nullptr);

    std::vector<int64_t> ids;
    std::string token;
    do {
        json::Object body{{"executionArn", execution}, {"maxResults", 3}, {"reverseOrder", true}};
        if (!token.empty()) body.set("nextToken", token);
        Answer page = call("GetExecutionHistory", json::Value(std::move(body)));
        ASSERT_EQ(page.status, 200) << json::dump(page.body);
        EXPECT_LE(page.body.find("events")->size(), 3u);
        for (const auto& event : page.body.find("events")->as_array()) ids.push_back(event.find("id")->as_int());
        token = page.text("nextToken");
    } while (!token.empty());
    EXPECT_EQ(ids, (std::vector<int64_t>{8, 7, 6, 5, 4, 3, 2, 1}));

    Answer bare = call("GetExecutionHistory", json::Object{{"executionArn", execution}, {"includeExecutionData", false}});
    std::string text = json::dump(bare.body);
    EXPECT_EQ(text.find("secret"), std::string::npos) << text;
    EXPECT_EQ(text.find("inputDetails"), std::string::npos) << text;
    EXPECT_EQ(bare.body.find("events")->size(), 8u);

    EXPECT_AWS_ERROR(call("GetExecutionHistory", json::Object{{"executionArn", execution}, {"nextToken", "nope"}}),
                     "InvalidToken");
    EXPECT_AWS_ERROR(call("GetExecutionHistory", json::Object{{"executionArn", execution}, {"maxResults", 5000}}),
                     "ValidationException");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachineForExecution.html
TEST_F(WaitingExecutions, AnExecutionKeepsItsDefinitionAcrossAnUpdate) {
    std::string arn = create_machine("Kept", kWaitDefinition).text("stateMachineArn");
    std::string execution = call("StartExecution", json::Object{{"stateMachineArn", arn}}).text("executionArn");
    ASSERT_EQ(call("UpdateStateMachine", json::Object{{"stateMachineArn", arn}, {"definition", kPassDefinition}}).status,
              200);
    Answer described = call("DescribeStateMachineForExecution", json::Object{{"executionArn", execution}});
    ASSERT_EQ(described.status, 200) << json::dump(described.body);
    EXPECT_EQ(described.text("definition"), kWaitDefinition);
    EXPECT_EQ(described.text("stateMachineArn"), arn);
    EXPECT_EQ(described.text("name"), "Kept");
    call("StopExecution", json::Object{{"executionArn", execution}});
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html
TEST_F(Executions, ExpressMachinesRunSynchronously) {
    std::string arn = create_machine("Fast", kPassDefinition, {{"type", "EXPRESS"}}).text("stateMachineArn");
    Answer sync = call("StartSyncExecution", json::Object{{"stateMachineArn", arn}, {"name", "s1"}, {"input", "{}"}});
    ASSERT_EQ(sync.status, 200) << json::dump(sync.body);
    EXPECT_EQ(sync.text("status"), "SUCCEEDED");
    EXPECT_EQ(sync.text("output"), R"({"ok":true})");
    EXPECT_EQ(sync.text("executionArn").rfind("arn:aws:states:us-east-1:123456789012:express:Fast:s1", 0), 0u);
    EXPECT_TRUE(sync.body.find("billingDetails")->is_object());
    EXPECT_AWS_ERROR(call("ListExecutions", json::Object{{"stateMachineArn", arn}}), "StateMachineTypeNotSupported");
}

TEST_F(Executions, VersionsAndAliasesRunTheirDefinition) {
    std::string arn = create_machine("R", R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":1,"End":true}}})",
                                     {{"publish", true}})
                          .text("stateMachineArn");
    call("UpdateStateMachine", json::Object{{"stateMachineArn", arn},
                                            {"definition", R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":2,"End":true}}})"}});
    call("CreateStateMachineAlias",
         json::Object{{"name", "live"},
                      {"routingConfiguration", json::parse(R"([{"stateMachineVersionArn":")" + arn + R"(:1","weight":100}])")}});
    Answer by_version = wait_done(call("StartExecution", json::Object{{"stateMachineArn", arn + ":1"}}).text("executionArn"));
    EXPECT_EQ(by_version.text("output"), "1");
    EXPECT_EQ(by_version.text("stateMachineVersionArn"), arn + ":1");
    Answer by_alias = wait_done(call("StartExecution", json::Object{{"stateMachineArn", arn + ":live"}}).text("executionArn"));
    EXPECT_EQ(by_alias.text("output"), "1");
    EXPECT_EQ(by_alias.text("stateMachineAliasArn"), arn + ":live");
    Answer latest = wait_done(call("StartExecution", json::Object{{"stateMachineArn", arn}}).text("executionArn"));
    EXPECT_EQ(latest.text("output"), "2");
    // An update reaches the next start (no stale cached machine).
    call("UpdateStateMachine", json::Object{{"stateMachineArn", arn},
                                            {"definition", R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":3,"End":true}}})"}});
    Answer updated = wait_done(call("StartExecution", json::Object{{"stateMachineArn", arn}}).text("executionArn"));
    EXPECT_EQ(updated.text("output"), "3");
    Answer listed = call("ListExecutions", json::Object{{"stateMachineArn", arn + ":live"}});
    EXPECT_EQ(listed.body.find("executions")->size(), 1u);
}

TEST_F(Executions, CallbackErrorsComeFromTheHost) {
    EXPECT_AWS_ERROR(call("SendTaskSuccess", json::Object{{"taskToken", "garbage"}, {"output", "{}"}}), "InvalidToken");
    EXPECT_AWS_ERROR(call("SendTaskSuccess", json::Object{{"taskToken", "garbage"}, {"output", "{not json"}}),
                     "InvalidOutput");
    EXPECT_AWS_ERROR(call("SendTaskFailure", json::Object{{"taskToken", "garbage"}}), "InvalidToken");
    EXPECT_AWS_ERROR(call("SendTaskHeartbeat", json::Object{{"taskToken", "garbage"}}), "InvalidToken");
}

// An EventBridge rule's state machine target starts executions through a
// typed call: the API's checks, no HTTP request.
TEST_F(Executions, StartExecutionInProcess) {
    ASSERT_EQ(create_machine("Target").status, 200);
    const std::string arn = std::string(kMachinePrefix) + "Target";
    auto start = [&](const std::string& machine, const std::string& input) {
        std::promise<std::string> error;
        service_.start_execution(machine, input, [&](std::string e) { error.set_value(std::move(e)); });
        return error.get_future().get();
    };
    EXPECT_EQ(start(arn, R"({"detail": {}})"), "");
    Answer listed = call("ListExecutions", json::Object{{"stateMachineArn", arn}});
    ASSERT_EQ(listed.status, 200);
    const auto& executions = listed.body.find("executions")->as_array();
    ASSERT_EQ(executions.size(), 1u);
    Answer described = wait_done(std::string(executions[0].find("executionArn")->as_string()));
    EXPECT_EQ(described.text("input"), R"({"detail": {}})");
    EXPECT_EQ(described.text("status"), "SUCCEEDED");

    EXPECT_EQ(start(std::string(kMachinePrefix) + "Ghost", "{}").rfind("StateMachineDoesNotExist: ", 0), 0u);
    EXPECT_EQ(start(arn, "{not json").rfind("InvalidExecutionInput: ", 0), 0u);
}

// An execution lives in its state machine's region and account: a machine
// created by a client signing for eu-west-1 has eu-west-1 executions, whatever
// the server's default region.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
TEST_F(Executions, ExecutionsTakeTheRegionOfTheirStateMachine) {
    auto call_in = [&](const std::string& region, const std::string& operation, const json::Value& body) {
        Request request;
        request.service = "AWSStepFunctions";
        request.operation = operation;
        request.body = json::dump(body);
        request.region = region;
        request.account = "123456789012";
        std::promise<Response> answer;
        service_.handle(request, [&](Response response) { answer.set_value(std::move(response)); });
        Response response = answer.get_future().get();
        EXPECT_EQ(response.status, 200) << response.body;
        return json::parse(response.body);
    };
    json::Value created = call_in("eu-west-1", "CreateStateMachine",
                                  json::Object{{"name", "Regional"}, {"definition", kPassDefinition}, {"roleArn", kRole}});
    const std::string machine = std::string(created.find("stateMachineArn")->as_string());
    EXPECT_EQ(machine, "arn:aws:states:eu-west-1:123456789012:stateMachine:Regional");
    json::Value started = call_in("eu-west-1", "StartExecution",
                                  json::Object{{"stateMachineArn", machine}, {"name", "e1"}});
    EXPECT_EQ(std::string(started.find("executionArn")->as_string()),
              "arn:aws:states:eu-west-1:123456789012:execution:Regional:e1");
    wait_done("arn:aws:states:eu-west-1:123456789012:execution:Regional:e1");
}

}  // namespace
}  // namespace stepwise::api::testing
