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

// stateConfiguration.mapItemReaderData: "The data read by ItemReader in
// Distributed Map states as found in its original source" -- read per the
// ReaderConfig (here CSV with its header row), then ItemSelector.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestStateConfiguration.html
constexpr const char* kCsvMap = R"({"Type": "Map", "End": true,
    "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k.csv"},
                   "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}},
    "ItemSelector": {"id.$": "$$.Map.Item.Value.id"}, "ToleratedFailureCount": 1,
    "Catch": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Next": "TooMany"}],
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}})";

TEST_F(TestStateApi, MapItemReaderDataIsReadAsTheItemReaderReadsItsSource) {
    Answer a = call("TestState", json::Object{{"definition", kCsvMap},
                                              {"inspectionLevel", "DEBUG"},
                                              {"mock", json::Object{{"result", "[1, 2]"}}},
                                              {"stateConfiguration",
                                               json::Object{{"mapItemReaderData", "id,name\n7,a\n8,b\n"}}}});
    ASSERT_EQ(a.status, 200) << json::dump(a.body);
    EXPECT_EQ(a.text("status"), "SUCCEEDED");
    EXPECT_EQ(a.text("output"), "[1,2]");
    const json::Value* data = a.body.find("inspectionData");
    ASSERT_TRUE(data);
    EXPECT_EQ(data->find("afterItemSelector")->as_string(), R"([{"id":"7"},{"id":"8"}])");
    EXPECT_EQ(data->find("toleratedFailureCount")->as_int(), 1);

    Answer unreadable = call("TestState", json::Object{{"definition", kCsvMap},
                                                       {"mock", json::Object{{"result", "[]"}}},
                                                       {"stateConfiguration",
                                                        json::Object{{"mapItemReaderData", "id\n\"open"}}}});
    ASSERT_EQ(unreadable.status, 200) << json::dump(unreadable.body);
    EXPECT_EQ(unreadable.text("status"), "FAILED");
    EXPECT_EQ(unreadable.text("error"), "States.ItemReaderFailed");
}

// mapIterationFailureCount past ToleratedFailureCount: the Map fails with
// States.ExceedToleratedFailureThreshold, and its Catch applies; the count
// "cannot exceed the number of items in the input".
// https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
TEST_F(TestStateApi, MapIterationFailureCountPastTheThresholdIsCaught) {
    auto request = [](int count) {
        return json::Object{{"definition", kCsvMap},
                            {"mock", json::Object{{"result", "[]"}}},
                            {"stateConfiguration", json::Object{{"mapItemReaderData", "id\n1\n2\n3\n"},
                                                                {"mapIterationFailureCount", count}}}};
    };
    Answer within = call("TestState", request(1));
    EXPECT_EQ(within.text("status"), "SUCCEEDED") << json::dump(within.body);
    Answer caught = call("TestState", request(2));
    EXPECT_EQ(caught.text("status"), "CAUGHT_ERROR") << json::dump(caught.body);
    EXPECT_EQ(caught.text("error"), "States.ExceedToleratedFailureThreshold");
    EXPECT_EQ(caught.text("cause"), "The specified tolerated failure threshold was exceeded");
    EXPECT_EQ(caught.text("nextState"), "TooMany");
    Answer too_many = call("TestState", request(4));
    EXPECT_AWS_ERROR(too_many, "ValidationException");
    EXPECT_NE(too_many.message().find("mapIterationFailureCount"), std::string::npos) << too_many.message();
}

// errorCausedByState: "The name of the state from which an error originates
// when an error is mocked for a Map or Parallel state"; the mocked error is the
// state's, handled by its Retry and Catch.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestStateConfiguration.html
// https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
TEST_F(TestStateApi, ErrorCausedByStateNamesAStateInsideTheMapOrParallel) {
    const char* parallel = R"({"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Parallel", "End": true,
            "Branches": [{"StartAt": "Deep", "States": {"Deep": {"Type": "Pass", "End": true}}}]}}}]})";
    auto request = [&](const char* definition, const char* state, json::Object mock) {
        return json::Object{{"definition", definition},
                            {"mock", json::Value(std::move(mock))},
                            {"stateConfiguration", json::Object{{"errorCausedByState", state}}}};
    };
    json::Object error{{"errorOutput", json::Object{{"error", "States.TaskFailed"}, {"cause", "boom"}}}};
    Answer deep = call("TestState", request(parallel, "Deep", error));
    ASSERT_EQ(deep.status, 200) << json::dump(deep.body);
    EXPECT_EQ(deep.text("status"), "FAILED");
    EXPECT_EQ(deep.text("error"), "States.TaskFailed");
    EXPECT_EQ(deep.text("cause"), "boom");
    Answer in_map = call("TestState", request(kCsvMap, "P", error));
    EXPECT_EQ(in_map.text("error"), "States.TaskFailed") << json::dump(in_map.body);

    Answer missing = call("TestState", request(parallel, "Nowhere", error));
    EXPECT_AWS_ERROR(missing, "ValidationException");
    EXPECT_NE(missing.message().find("'Nowhere'"), std::string::npos) << missing.message();
    EXPECT_AWS_ERROR(call("TestState", request(parallel, "A", json::Object{{"result", "[1, 2]"}})),
                     "ValidationException");  // no error is mocked
    EXPECT_AWS_ERROR(call("TestState", request(kLambdaTask, "A", error)), "ValidationException");
}

// A member given where it cannot apply is a ValidationException, never ignored;
// the members' types and ranges are checked as the API reference gives them.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestStateConfiguration.html
TEST_F(TestStateApi, StateConfigurationMembersOnlyWhereTheyApply) {
    const char* pass = R"({"Type": "Pass", "End": true})";
    const char* inline_map = R"({"Type": "Map", "End": true,
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}})";
    const char* distributed_without_reader = R"({"Type": "Map", "End": true,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                          "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}})";
    auto request = [](const char* definition, json::Object configuration) {
        json::Object body{{"definition", definition}, {"roleArn", kRole}, {"input", "[1, 2]"},
                          {"stateConfiguration", json::Value(std::move(configuration))}};
        if (std::string_view(definition).find("Map") != std::string_view::npos)
            body.set("mock", json::Object{{"result", "[]"}});
        return body;
    };
    EXPECT_AWS_ERROR(call("TestState", request(pass, json::Object{{"mapIterationFailureCount", 1}})),
                     "ValidationException");
    EXPECT_AWS_ERROR(call("TestState", request(inline_map, json::Object{{"mapIterationFailureCount", 1}})),
                     "ValidationException");
    EXPECT_AWS_ERROR(call("TestState", request(pass, json::Object{{"mapItemReaderData", "[]"}})),
                     "ValidationException");
    EXPECT_AWS_ERROR(call("TestState", request(distributed_without_reader, json::Object{{"mapItemReaderData", "[]"}})),
                     "ValidationException");
    EXPECT_AWS_ERROR(call("TestState", request(pass, json::Object{{"errorCausedByState", "P"}})),
                     "ValidationException");

    EXPECT_AWS_ERROR(call("TestState", request(pass, json::Object{{"mapIterationFailureCount", "2"}})),
                     "SerializationException");
    EXPECT_AWS_ERROR(call("TestState", request(pass, json::Object{{"errorCausedByState", 5}})),
                     "SerializationException");
    json::Object out_of_range{{"mapIterationFailureCount", -1}, {"errorCausedByState", ""}};
    Answer ranges = call("TestState", request(distributed_without_reader, std::move(out_of_range)));
    EXPECT_AWS_ERROR(ranges, "ValidationException");
    EXPECT_EQ(ranges.message(),
              "2 validation errors detected: Value at 'stateConfiguration.errorCausedByState' failed to satisfy "
              "constraint: Member must have length greater than or equal to 1; Value '-1' at "
              "'stateConfiguration.mapIterationFailureCount' failed to satisfy constraint: Member must have value "
              "greater than or equal to 0");
}

}  // namespace
}  // namespace stepwise::api::testing
