// The error and cause AWS gives when a JSONPath-mode path field selects
// nothing (or the wrong kind of value) at run time, field by field. Where AWS's
// docs do not give the text, each test names the recorded conformance case or
// the public report of a real execution it comes from.
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
#include <gtest/gtest.h>

#include "driver.h"

using namespace stepwise;
using namespace stepwise::enginetest;
using engine::Status;

namespace {

// The single state `S` (JSONPath mode) on `input`; its Task, if any, answers `{}`.
Run run_state(const std::string& state, const char* input) {
    return run(R"({"StartAt": "S", "States": {"S": )" + state + "}}", json::parse(input),
               [](auto&, int, auto&) { return Reply::ok(json::Object{}); });
}

const char* kPrefix = "An error occurred while executing the state 'S' (entered at the event id #2). ";

}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
// The wording is Jayway JsonPath's, as AWS prints it: a missing last property
// is "No results for path: <the whole path>" (LocalStack's input_path.py words
// InputPath's miss so), a missing property on the way "Missing property in path".
TEST(RuntimeErrorTexts, InputPath) {
    auto leaf = run_state(R"({"Type": "Pass", "InputPath": "$.missing", "End": true})", "{}");
    ASSERT_EQ(leaf.status(), Status::Failed);
    EXPECT_EQ(leaf.error(), "States.Runtime");
    EXPECT_EQ(leaf.cause(), std::string(kPrefix) + "Invalid path '$.missing' : No results for path: $['missing']");

    auto on_the_way = run_state(R"({"Type": "Pass", "InputPath": "$.a.b", "End": true})", "{}");
    EXPECT_EQ(on_the_way.cause(), std::string(kPrefix) + "Invalid path '$.a.b' : Missing property in path $['a']");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html
// A real execution's cause for OutputPath "$.Payload" on an output without it,
// quoted in the blog post "Converting an AWS Step Function to use CDK - Part 1"
// (10printiamcool.com): "... Invalid path '$.Payload' : No results for path:
// $['Payload']". A miss on
// the way is the conformance case error_handling/catch_states_runtime.
TEST(RuntimeErrorTexts, OutputPath) {
    auto leaf = run_state(R"({"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:f",
                              "ResultPath": "$.overall", "OutputPath": "$.Payload", "End": true})",
                          R"({"a": 1})");
    ASSERT_EQ(leaf.status(), Status::Failed);
    EXPECT_EQ(leaf.error(), "States.Runtime");
    EXPECT_EQ(leaf.cause(), std::string(kPrefix) + "Invalid path '$.Payload' : No results for path: $['Payload']");

    auto index = run_state(R"({"Type": "Pass", "OutputPath": "$.a[5].b", "End": true})", R"({"a": [1]})");
    EXPECT_EQ(index.cause(), std::string(kPrefix) + "Invalid path '$.a[5].b' : No results for path: $['a'][5]['b']");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
// AWS does not say why: "Invalid path '$.processing_type': The choice state's
// condition path references an invalid value." is the cause of real executions
// that users quote (no space before the colon), for a Variable and for a
// comparison's `...Path` operand alike.
TEST(RuntimeErrorTexts, ChoiceVariableAndOperandPath) {
    auto variable = run_state(R"({"Type": "Choice", "Default": "D",
                                  "Choices": [{"Variable": "$.processing_type", "StringEquals": "dataset", "Next": "D"}]},
                                  "D": {"Type": "Pass", "End": true})",
                              "{}");
    ASSERT_EQ(variable.status(), Status::Failed);
    EXPECT_EQ(variable.error(), "States.Runtime");
    EXPECT_EQ(variable.cause(), std::string(kPrefix) +
                                    "Invalid path '$.processing_type': The choice state's condition path references "
                                    "an invalid value.");

    auto nested = run_state(R"({"Type": "Choice", "Default": "D",
                                "Choices": [{"Variable": "$.worker_result.Payload.status", "StringEquals": "ok", "Next": "D"}]},
                                "D": {"Type": "Pass", "End": true})",
                            R"({"worker_result": {}})");
    EXPECT_EQ(nested.cause(), std::string(kPrefix) +
                                  "Invalid path '$.worker_result.Payload.status': The choice state's condition path "
                                  "references an invalid value.");

    auto operand = run_state(R"({"Type": "Choice", "Default": "D",
                                 "Choices": [{"Variable": "$.left", "NumericEqualsPath": "$.right", "Next": "D"}]},
                                 "D": {"Type": "Pass", "End": true})",
                             R"({"left": 1})");
    EXPECT_EQ(operand.cause(), std::string(kPrefix) +
                                   "Invalid path '$.right': The choice state's condition path references an invalid "
                                   "value.");

    // IsPresent is the one test that reads a missing path without failing.
    auto present = run_state(R"({"Type": "Choice", "Default": "D",
                                 "Choices": [{"Variable": "$.missing", "IsPresent": false, "Next": "D"}]},
                                 "D": {"Type": "Pass", "End": true})",
                             "{}");
    EXPECT_EQ(present.status(), Status::Succeeded);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemspath.html
// ItemsPath is a reference path, read step by step: a Map whose ItemsPath is not
// in its input fails with States.ReferencePathConflict, `Unable to apply step
// "<name>" to input <input>` (as public reports of real executions quote it:
// ItemsPath "$.discovery.objects" on {"discovery":{...}} names step "objects").
TEST(RuntimeErrorTexts, MapItemsPath) {
    const char* map = R"({"Type": "Map", "ItemsPath": "$.discovery.objects", "End": true,
                          "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}})";
    auto missing = run_state(map, R"({"discovery": {"statusCode": 500}})");
    ASSERT_EQ(missing.status(), Status::Failed);
    EXPECT_EQ(missing.error(), "States.ReferencePathConflict");
    EXPECT_EQ(missing.cause(), R"(Unable to apply step "objects" to input {"discovery":{"statusCode":500}})");

    auto first_step = run_state(map, R"({"bucket": "b"})");
    EXPECT_EQ(first_step.cause(), R"(Unable to apply step "discovery" to input {"bucket":"b"})");
}

// The conformance cases map/map_state_items_input_types__* record AWS's check
// of a Map's items in JSONata mode ("Map state input must be an array but was:
// true", the value as JSON); a JSONPath Map whose ItemsPath selects a value
// that is neither an array nor an object makes the same check.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemspath.html
TEST(RuntimeErrorTexts, MapItemsPathNotAnArray) {
    const char* map = R"({"Type": "Map", "ItemsPath": "$.items", "End": true,
                          "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}})";
    auto text = run_state(map, R"({"items": "string"})");
    ASSERT_EQ(text.status(), Status::Failed);
    EXPECT_EQ(text.error(), "States.Runtime");
    EXPECT_EQ(text.cause(), std::string(kPrefix) + R"(Map state input must be an array but was: "string")");

    auto number = run_state(map, R"({"items": 1})");
    EXPECT_EQ(number.cause(), std::string(kPrefix) + "Map state input must be an array but was: 1");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
// The conformance case scenarios/invalid_jsonpath__INVALID_JSONPATH_IN_ERRORPATH
// records "The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not
// be found in the input '<input>'"; CausePath is worded the same way.
TEST(RuntimeErrorTexts, FailErrorPathAndCausePath) {
    auto error = run_state(R"({"Type": "Fail", "ErrorPath": "$.ErrorX", "CausePath": "$.Cause"})", R"({"Cause": "c"})");
    ASSERT_EQ(error.status(), Status::Failed);
    EXPECT_EQ(error.error(), "States.Runtime");
    EXPECT_EQ(error.cause(), std::string(kPrefix) +
                                 R"(The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found )"
                                 R"(in the input '{"Cause":"c"}')");

    auto cause = run_state(R"({"Type": "Fail", "ErrorPath": "$.Error", "CausePath": "$.CauseX"})", R"({"Error": "e"})");
    EXPECT_EQ(cause.cause(), std::string(kPrefix) +
                                 R"(The JSONPath '$.CauseX' specified for the field 'CausePath' could not be found )"
                                 R"(in the input '{"Error":"e"}')");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
// The conformance case scenarios/invalid_jsonpath__INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH
// records "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$'
// could not be found in the input '<input>'".
TEST(RuntimeErrorTexts, ParametersField) {
    auto r = run_state(R"({"Type": "Pass", "Parameters": {"value.$": "$.no_such_jsonpath"}, "End": true})", R"({"a": 1})");
    ASSERT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "States.Runtime");
    EXPECT_EQ(r.cause(), std::string(kPrefix) +
                             R"(The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be )"
                             R"(found in the input '{"a":1}')");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
// The conformance cases wait/base_wait_seconds_path__1.5 and
// wait/wait_timestamp_path__INVALID_ISO record the type errors: "The
// SecondsPath parameter cannot be parsed as a long value: $.s == 1.5", "The
// TimestampPath parameter does not reference a valid ISO-8601 extended offset
// date-time format string: $.t == <value>".
TEST(RuntimeErrorTexts, WaitSecondsPathAndTimestampPathTypes) {
    auto seconds = run_state(R"({"Type": "Wait", "SecondsPath": "$.s", "End": true})", R"({"s": 1.5})");
    ASSERT_EQ(seconds.status(), Status::Failed);
    EXPECT_EQ(seconds.error(), "States.Runtime");
    EXPECT_EQ(seconds.cause(), std::string(kPrefix) + "The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5");

    auto timestamp = run_state(R"({"Type": "Wait", "TimestampPath": "$.t", "End": true})", R"({"t": "05-12-2016T21:29:29Z"})");
    EXPECT_EQ(timestamp.cause(), std::string(kPrefix) +
                                     "The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
                                     "date-time format string: $.t == 05-12-2016T21:29:29Z");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html
// The conformance cases scenarios/max_concurrency_path__NoNumber and
// map/map_state_tolerated_failure_*_path__NoNumber record "The
// MaxConcurrencyPath field refers to value "NoNumber" which is not a valid
// integer: $.MaxConcurrencyValue" (and "... valid float" for the percentage).
TEST(RuntimeErrorTexts, MapNumberPathTypes) {
    const char* processor = R"("ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})";
    auto concurrency = run_state(std::string(R"({"Type": "Map", "End": true, "MaxConcurrencyPath": "$.m", )") + processor + "}",
                                 R"({"m": "NoNumber"})");
    ASSERT_EQ(concurrency.status(), Status::Failed);
    EXPECT_EQ(concurrency.error(), "States.Runtime");
    EXPECT_EQ(concurrency.cause(), std::string(kPrefix) +
                                       R"(The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid )"
                                       "integer: $.m");

    auto percentage =
        run_state(std::string(R"({"Type": "Map", "End": true, "ToleratedFailurePercentagePath": "$.p", )") + processor + "}",
                  R"({"p": "NoNumber"})");
    EXPECT_EQ(percentage.cause(), std::string(kPrefix) +
                                      R"(The ToleratedFailurePercentagePath field refers to value "NoNumber" which is )"
                                      "not a valid float: $.p");
}
