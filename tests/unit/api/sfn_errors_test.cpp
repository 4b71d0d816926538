// Requests the service refuses before any operation runs, and AWS's wording of them.
#include "sfn_fixture.h"

namespace stepwise::api::testing {
namespace {

using Errors = SfnTest;

// The message names the operation: an empty one leaves an SDK user guessing.
TEST_F(Errors, UnknownOperation) {
    Answer answer = call_raw("FlyToTheMoon", "{}");
    EXPECT_AWS_ERROR(answer, "UnknownOperationException");
    EXPECT_EQ(answer.message(), "The operation FlyToTheMoon is not supported by stepwise");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html
TEST_F(Errors, BodiesThatAreNotJsonObjects) {
    EXPECT_AWS_ERROR(call_raw("ListStateMachines", "{not json"), "SerializationException");
    EXPECT_AWS_ERROR(call_raw("ListStateMachines", "[1]"), "SerializationException");
    EXPECT_AWS_ERROR(call_raw("DescribeStateMachine", R"({"stateMachineArn": 3})"), "SerializationException");
    EXPECT_EQ(call_raw("ListStateMachines", "").status, 200);  // an empty body is an empty request
}

TEST_F(Errors, MissingRequiredMember) {
    Answer answer = call_raw("DescribeExecution", "{}");
    EXPECT_AWS_ERROR(answer, "ValidationException");
    EXPECT_EQ(answer.message(),
              "1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must "
              "not be null");
}

TEST_F(Errors, MalformedArns) {
    Answer answer = call_raw("DescribeExecution", R"({"executionArn": "arn:aws:states:us-east-1:123456789012:stateMachine:M"})");
    EXPECT_AWS_ERROR(answer, "InvalidArn");
    EXPECT_EQ(answer.message(), "Invalid Arn: 'Resource type not valid in this context: stateMachine'");
    EXPECT_AWS_ERROR(call_raw("DescribeStateMachine", R"({"stateMachineArn": "arn:aws:nope"})"), "InvalidArn");
    EXPECT_AWS_ERROR(call_raw("StartExecution", R"({"stateMachineArn": "stateMachine:Ghost"})"), "InvalidArn");
}

TEST_F(Errors, MissingResources) {
    std::string ghost = std::string(kMachinePrefix) + "Ghost";
    EXPECT_AWS_ERROR(call("StartExecution", json::Object{{"stateMachineArn", ghost}}), "StateMachineDoesNotExist");
    EXPECT_AWS_ERROR(call("ListExecutions", json::Object{{"stateMachineArn", ghost}}), "StateMachineDoesNotExist");
    std::string missing = "arn:aws:states:us-east-1:123456789012:execution:Ghost:missing";
    Answer answer = call("DescribeExecution", json::Object{{"executionArn", missing}});
    EXPECT_AWS_ERROR(answer, "ExecutionDoesNotExist");
    EXPECT_EQ(answer.message(), "Execution Does Not Exist: '" + missing + "'");
    EXPECT_AWS_ERROR(call("GetExecutionHistory", json::Object{{"executionArn", missing}}), "ExecutionDoesNotExist");
    EXPECT_AWS_ERROR(call("StopExecution", json::Object{{"executionArn", missing}}), "ExecutionDoesNotExist");
    EXPECT_AWS_ERROR(call("RedriveExecution", json::Object{{"executionArn", missing}}), "ExecutionDoesNotExist");
    EXPECT_AWS_ERROR(call("DescribeStateMachineForExecution", json::Object{{"executionArn", missing}}),
                     "ExecutionDoesNotExist");
}

TEST_F(Errors, ExecutionInputAndNames) {
    std::string arn = create_machine("M").text("stateMachineArn");
    Answer bad_input = call("StartExecution", json::Object{{"stateMachineArn", arn}, {"input", "{not json"}});
    EXPECT_AWS_ERROR(bad_input, "InvalidExecutionInput");
    EXPECT_EQ(bad_input.message().rfind("Invalid State Machine Execution Input: '", 0), 0u);
    EXPECT_AWS_ERROR(call("StartExecution", json::Object{{"stateMachineArn", arn}, {"name", "no/slashes"}}),
                     "InvalidName");
    EXPECT_AWS_ERROR(call("StartExecution", json::Object{{"stateMachineArn", arn}, {"input", std::string(262145, ' ')}}),
                     "ValidationException");
    EXPECT_AWS_ERROR(call("StartSyncExecution", json::Object{{"stateMachineArn", arn}}), "StateMachineTypeNotSupported");
}

// A lone UTF-16 surrogate in a JSON string is no character: AWS's names may not
// contain surrogates (U+D800-DFFF).
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html
TEST_F(Errors, NamesWithALoneSurrogateAreInvalid) {
    std::string role = kRole;
    std::string definition = json::dump(json::Value(std::string(kPassDefinition)));
    EXPECT_AWS_ERROR(call_raw("CreateStateMachine", R"({"name": "M\ud800", "roleArn": ")" + role +
                                                        R"(", "definition": )" + definition + "}"),
                     "InvalidName");
    EXPECT_AWS_ERROR(call_raw("CreateActivity", R"({"name": "\udc00A"})"), "InvalidName");
    std::string arn = create_machine("M").text("stateMachineArn");
    EXPECT_AWS_ERROR(call_raw("StartExecution", R"({"stateMachineArn": ")" + arn + R"(", "name": "e\ud800"})"),
                     "InvalidName");
    // A surrogate pair is one character (U+1F600) and a valid name.
    EXPECT_EQ(call_raw("StartExecution", R"({"stateMachineArn": ")" + arn + R"(", "name": "e\ud83d\ude00"})").status,
              200);
}

}  // namespace
}  // namespace stepwise::api::testing
