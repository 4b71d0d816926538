// TestState through the Step Functions service: request members, the answer's
// shape, and the errors AWS lists for it.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
// https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
#include "sfn_fixture.h"

namespace stepwise::api::testing {
namespace {

using TestStateApi = SfnTest;

constexpr const char* kLambdaTask =
    R"({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"Payload.$": "$"},
        "ResultSelector": {"value.$": "$.Payload"}, "ResultPath": "$.result", "Next": "Next",
        "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 3, "MaxAttempts": 1}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover", "ResultPath": "$.error"}]})";

json::Value parsed(const Answer& answer, std::string_view member) { return json::parse(answer.text(member)); }

TEST_F(TestStateApi, PassAtInfoLevel) {
    Answer a = call("TestState", json::Object{{"definition", R"({"Type": "Pass", "Result": {"x": 1}, "Next": "B"})"},
                                              {"roleArn", kRole},
                                              {"input", R"({"in": true})"}});
    ASSERT_EQ(a.status, 200) << json::dump(a.body);
    EXPECT_EQ(a.text("status"), "SUCCEEDED");
    EXPECT_EQ(a.text("output"), R"({"x":1})");
    EXPECT_EQ(a.text("nextState"), "B");
    EXPECT_FALSE(a.body.find("inspectionData"));
}

TEST_F(TestStateApi, DebugLevelAnswersInspectionDataAsJsonText) {
    Answer a = call("TestState", json::Object{{"definition", kLambdaTask},
                                              {"input", R"({"n": 1})"},
                                              {"inspectionLevel", "DEBUG"},
                                              {"mock", json::Object{{"result", R"({"Payload": "ok"})"}}}});
    ASSERT_EQ(a.status, 200) << json::dump(a.body);
    EXPECT_EQ(a.text("status"), "SUCCEEDED");
    const json::Value* data = a.body.find("inspectionData");
    ASSERT_TRUE(data);
    EXPECT_EQ(data->find("afterParameters")->as_string(), R"({"Payload":{"n":1}})");
    EXPECT_EQ(data->find("result")->as_string(), R"({"Payload":"ok"})");
    EXPECT_EQ(data->find("afterResultSelector")->as_string(), R"({"value":"ok"})");
    EXPECT_EQ(parsed(a, "output"), json::parse(R"({"n": 1, "result": {"value": "ok"}})"));
}

TEST_F(TestStateApi, MockedErrorRetriableThenCaught) {
    json::Object error_mock{{"errorOutput", json::Object{{"error", "Lambda.TooManyRequestsException"}, {"cause", "busy"}}}};
    Answer retriable = call("TestState", json::Object{{"definition", kLambdaTask},
                                                      {"inspectionLevel", "DEBUG"},
                                                      {"mock", json::Value(error_mock)}});
    EXPECT_EQ(retriable.text("status"), "RETRIABLE") << json::dump(retriable.body);
    EXPECT_EQ(retriable.text("error"), "Lambda.TooManyRequestsException");
    const json::Value* details = retriable.body.find("inspectionData")->find("errorDetails");
    ASSERT_TRUE(details);
    EXPECT_EQ(details->find("retryIndex")->as_int(), 0);
    EXPECT_EQ(details->find("retryBackoffIntervalSeconds")->as_int(), 3);

    Answer caught = call("TestState", json::Object{{"definition", kLambdaTask},
                                                   {"input", "{}"},
                                                   {"mock", json::Value(error_mock)},
                                                   {"stateConfiguration", json::Object{{"retrierRetryCount", 1}}}});
    EXPECT_EQ(caught.text("status"), "CAUGHT_ERROR") << json::dump(caught.body);
    EXPECT_EQ(caught.text("nextState"), "Recover");
    EXPECT_EQ(parsed(caught, "output"),
              json::parse(R"({"error": {"Error": "Lambda.TooManyRequestsException", "Cause": "busy"}})"));
}

TEST_F(TestStateApi, StateNameAndVariables) {
    const char* machine = R"({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"limit.$": "$limit"}, "End": true}}})";
    Answer a = call("TestState", json::Object{{"definition", machine},
                                              {"roleArn", kRole},
                                              {"stateName", "B"},
                                              {"variables", R"({"limit": 3})"},
                                              {"inspectionLevel", "TRACE"}});
    ASSERT_EQ(a.status, 200) << json::dump(a.body);
    EXPECT_EQ(a.text("output"), R"({"limit":3})");
    EXPECT_EQ(a.body.find("inspectionData")->find("variables")->as_string(), R"({"limit":3})");
}

TEST_F(TestStateApi, TaskWithoutMockFailsAndSaysWhatToDo) {
    Answer a = call("TestState", json::Object{{"definition", kLambdaTask}, {"roleArn", kRole}});
    ASSERT_EQ(a.status, 200);
    EXPECT_EQ(a.text("status"), "FAILED");
    EXPECT_EQ(a.text("error"), "States.Runtime");
    EXPECT_NE(a.text("cause").find("mock"), std::string::npos);
}

TEST_F(TestStateApi, InvalidDefinition) {
    Answer a = call("TestState", json::Object{{"definition", R"({"Type": "Pass", "Bogus": 1})"}, {"roleArn", kRole}});
    EXPECT_AWS_ERROR(a, "InvalidDefinition");
    EXPECT_EQ(a.message().rfind("Invalid State Machine Definition: '", 0), 0u) << a.message();
    EXPECT_AWS_ERROR(call("TestState", json::Object{{"definition", "{nope"}, {"roleArn", kRole}}), "InvalidDefinition");
}

TEST_F(TestStateApi, RequestErrors) {
    EXPECT_AWS_ERROR(call("TestState", json::Object{{"roleArn", kRole}}), "ValidationException");
    EXPECT_AWS_ERROR(call("TestState", json::Object{{"definition", R"({"Type": "Pass", "End": true})"}}),
                     "ValidationException");  // no roleArn and no mock
    EXPECT_AWS_ERROR(call("TestState", json::Object{{"definition", R"({"Type": "Pass", "End": true})"},
                                                    {"roleArn", "not-an-arn"}}),
                     "InvalidArn");
    EXPECT_AWS_ERROR(call("TestState", json::Object{{"definition", R"({"Type": "Pass", "End": true})"},
                                                    {"roleArn", kRole},
                                                    {"input", "{bad"}}),
                     "InvalidExecutionInput");
    EXPECT_AWS_ERROR(call("TestState", json::Object{{"definition", R"({"Type": "Pass", "End": true})"},
                                                    {"roleArn", kRole},
                                                    {"inspectionLevel", "LOUD"}}),
                     "ValidationException");
}

// "State type 'Pass' is not supported when a mock is specified"; Map and
// Parallel are supported only with one.
TEST_F(TestStateApi, MockOnlyWhereTheStateHasWork) {
    Answer pass = call("TestState", json::Object{{"definition", R"({"Type": "Pass", "End": true})"},
                                                 {"mock", json::Object{{"result", "{}"}}}});
    EXPECT_AWS_ERROR(pass, "ValidationException");
    EXPECT_EQ(pass.message(), "State type 'Pass' is not supported when a mock is specified");
    const char* parallel = R"({"Type": "Parallel", "End": true,
        "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]})";
    EXPECT_AWS_ERROR(call("TestState", json::Object{{"definition", parallel}, {"roleArn", kRole}}),
                     "ValidationException");
    Answer mocked = call("TestState", json::Object{{"definition", parallel}, {"mock", json::Object{{"result", "[1]"}}}});
    EXPECT_EQ(mocked.text("status"), "SUCCEEDED") << json::dump(mocked.body);
    EXPECT_EQ(mocked.text("output"), "[1]");
}

}  // namespace
}  // namespace stepwise::api::testing
