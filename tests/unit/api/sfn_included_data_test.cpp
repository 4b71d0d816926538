// What Describe* and StartSyncExecution include: includedData=METADATA_ONLY,
// StartExecution's traceHeader, and the version or alias an execution was
// started through, in its ExecutionStarted event.
#include "sfn_fixture.h"

namespace stepwise::api::testing {
namespace {

using IncludedData = SfnTest;

const json::Value* started_details(const Answer& history) {
    const json::Value* events = history.body.find("events");
    if (!events || !events->is_array() || events->size() == 0) return nullptr;
    return events->as_array()[0].find("executionStartedEventDetails");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html#StepFunctions-DescribeStateMachine-response-definition
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachineForExecution.html
TEST_F(IncludedData, MetadataOnlyShowsTheDefinitionAsAnEmptyObject) {
    std::string arn = create_machine("Meta").text("stateMachineArn");
    Answer all = call("DescribeStateMachine", json::Object{{"stateMachineArn", arn}});
    EXPECT_EQ(all.text("definition"), kPassDefinition);
    Answer meta = call("DescribeStateMachine", json::Object{{"stateMachineArn", arn}, {"includedData", "METADATA_ONLY"}});
    ASSERT_EQ(meta.status, 200) << json::dump(meta.body);
    EXPECT_EQ(meta.text("definition"), "{}");
    EXPECT_EQ(meta.text("name"), "Meta") << "the metadata stays";
    EXPECT_EQ(call("DescribeStateMachine", json::Object{{"stateMachineArn", arn}, {"includedData", "ALL_DATA"}})
                  .text("definition"),
              kPassDefinition);
    EXPECT_AWS_ERROR(call("DescribeStateMachine", json::Object{{"stateMachineArn", arn}, {"includedData", "SOME"}}),
                     "ValidationException");

    std::string execution = call("StartExecution", json::Object{{"stateMachineArn", arn}}).text("executionArn");
    wait_done(execution);
    EXPECT_EQ(call("DescribeStateMachineForExecution", json::Object{{"executionArn", execution}}).text("definition"),
              kPassDefinition);
    EXPECT_EQ(call("DescribeStateMachineForExecution",
                   json::Object{{"executionArn", execution}, {"includedData", "METADATA_ONLY"}})
                  .text("definition"),
              "{}");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html#StepFunctions-DescribeExecution-request-includedData
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html#StepFunctions-StartSyncExecution-request-includedData
TEST_F(IncludedData, MetadataOnlyLeavesTheExecutionDataOut) {
    std::string arn = create_machine("Data").text("stateMachineArn");
    std::string execution =
        call("StartExecution", json::Object{{"stateMachineArn", arn}, {"input", R"({"secret":1})"}}).text("executionArn");
    Answer all = wait_done(execution);
    EXPECT_EQ(all.text("input"), R"({"secret":1})");
    Answer meta = call("DescribeExecution", json::Object{{"executionArn", execution}, {"includedData", "METADATA_ONLY"}});
    ASSERT_EQ(meta.status, 200) << json::dump(meta.body);
    EXPECT_EQ(meta.text("status"), "SUCCEEDED");
    for (const char* key : {"input", "inputDetails", "output", "outputDetails"})
        EXPECT_EQ(meta.body.find(key), nullptr) << key;

    std::string express = create_machine("DataFast", kPassDefinition, {{"type", "EXPRESS"}}).text("stateMachineArn");
    Answer sync = call("StartSyncExecution",
                       json::Object{{"stateMachineArn", express}, {"input", "{}"}, {"includedData", "METADATA_ONLY"}});
    ASSERT_EQ(sync.status, 200) << json::dump(sync.body);
    EXPECT_EQ(sync.text("status"), "SUCCEEDED");
    EXPECT_EQ(sync.body.find("output"), nullptr);
    EXPECT_EQ(sync.body.find("input"), nullptr);
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html#StepFunctions-StartExecution-request-traceHeader
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html#StepFunctions-DescribeExecution-response-traceHeader
TEST_F(IncludedData, TheTraceHeaderIsKeptAndReturned) {
    std::string arn = create_machine("Traced").text("stateMachineArn");
    const std::string header = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";
    std::string execution =
        call("StartExecution", json::Object{{"stateMachineArn", arn}, {"traceHeader", header}}).text("executionArn");
    EXPECT_EQ(wait_done(execution).text("traceHeader"), header);
    std::string plain = call("StartExecution", json::Object{{"stateMachineArn", arn}}).text("executionArn");
    EXPECT_EQ(wait_done(plain).body.find("traceHeader"), nullptr) << "none given, none returned";

    Answer too_long = call("StartExecution", json::Object{{"stateMachineArn", arn}, {"traceHeader", std::string(257, 'a')}});
    EXPECT_AWS_ERROR(too_long, "ValidationException");
    EXPECT_NE(too_long.message().find("at 'traceHeader' failed to satisfy constraint: Member must have length less "
                                      "than or equal to 256"),
              std::string::npos)
        << too_long.message();
    Answer not_ascii = call("StartExecution", json::Object{{"stateMachineArn", arn}, {"traceHeader", "Root=\xc3\xa9"}});
    EXPECT_AWS_ERROR(not_ascii, "ValidationException");
    EXPECT_NE(not_ascii.message().find("Member must satisfy regular expression pattern: \\p{ASCII}*"), std::string::npos)
        << not_ascii.message();

    std::string express = create_machine("TracedFast", kPassDefinition, {{"type", "EXPRESS"}}).text("stateMachineArn");
    Answer sync = call("StartSyncExecution", json::Object{{"stateMachineArn", express}, {"traceHeader", header}});
    EXPECT_EQ(sync.text("traceHeader"), header);
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ExecutionStartedEventDetails.html
TEST_F(IncludedData, ExecutionStartedNamesTheVersionOrAliasStartedThrough) {
    std::string arn = create_machine("Qualified", kPassDefinition, {{"publish", true}}).text("stateMachineArn");
    call("CreateStateMachineAlias",
         json::Object{{"name", "live"},
                      {"routingConfiguration", json::parse(R"([{"stateMachineVersionArn":")" + arn + R"(:1","weight":100}])")}});
    auto details_of = [&](const std::string& target) {
        std::string execution = call("StartExecution", json::Object{{"stateMachineArn", target}}).text("executionArn");
        wait_done(execution);
        Answer history = call("GetExecutionHistory", json::Object{{"executionArn", execution}});
        const json::Value* details = started_details(history);
        return details ? *details : json::Value();
    };
    auto text = [](const json::Value& details, const char* key) {
        const json::Value* v = details.find(key);
        return v && v->is_string() ? std::string(v->as_string()) : "(none)";
    };
    json::Value by_alias = details_of(arn + ":live");
    ASSERT_TRUE(by_alias.is_object());
    EXPECT_EQ(text(by_alias, "stateMachineAliasArn"), arn + ":live") << json::dump(by_alias);
    EXPECT_EQ(text(by_alias, "stateMachineVersionArn"), arn + ":1");
    json::Value by_version = details_of(arn + ":1");
    EXPECT_EQ(by_version.find("stateMachineAliasArn"), nullptr);
    EXPECT_EQ(text(by_version, "stateMachineVersionArn"), arn + ":1");
    json::Value plain = details_of(arn);
    EXPECT_EQ(plain.find("stateMachineAliasArn"), nullptr);
    EXPECT_EQ(plain.find("stateMachineVersionArn"), nullptr);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html
// https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html (Express: Request Response only)
TEST_F(IncludedData, ExpressMachinesRefuseWaitingTasks) {
    const std::string token_task =
        R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",)"
        R"("Parameters":{"FunctionName":"f","Payload":{"t.$":"$$.Task.Token"}},"End":true}}})";
    Answer refused = create_machine("Waits", token_task, {{"type", "EXPRESS"}});
    EXPECT_AWS_ERROR(refused, "InvalidDefinition");
    EXPECT_EQ(refused.message(),
              "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machines do not support the "
              "'.waitForTaskToken' integration pattern at /States/T/Resource'");
    EXPECT_EQ(create_machine("WaitsStandard", token_task).status, 200) << "STANDARD machines may wait";
    std::string express = create_machine("Later", kPassDefinition, {{"type", "EXPRESS"}}).text("stateMachineArn");
    EXPECT_AWS_ERROR(call("UpdateStateMachine", json::Object{{"stateMachineArn", express}, {"definition", token_task}}),
                     "InvalidDefinition");
}

}  // namespace
}  // namespace stepwise::api::testing
