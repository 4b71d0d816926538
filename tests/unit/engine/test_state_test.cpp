// TestState in the engine: one state, once, with its inspection data.
// API: https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
// Guide: https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
#include <gtest/gtest.h>

#include <functional>

#include "engine/test_state.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::engine {
namespace {

struct Tested {
    TestStateDefinition definition;
    TestStateResult result;
};

Tested run(const std::string& definition, const std::string& input = "{}", InspectionLevel level = InspectionLevel::Debug,
           std::optional<TestStateMock> mock = std::nullopt, int64_t retry_count = 0, const std::string& variables = "") {
    Tested t;
    t.definition = compile_test_state(definition);
    EXPECT_TRUE(t.definition.machine) << (t.definition.errors.empty() ? "" : t.definition.errors[0].to_string());
    if (!t.definition.machine) return t;
    TestStateRequest request;
    request.state = t.definition.state;
    request.input = json::parse(input);
    if (!variables.empty()) request.variables = json::parse(variables);
    request.mock = std::move(mock);
    request.retrier_retry_count = retry_count;
    request.level = level;
    t.result = test_state(t.definition.machine, request);
    return t;
}

std::string text(const std::optional<json::Value>& v) { return v ? json::dump(*v) : "<none>"; }

TestStateMock result_mock(const std::string& result) { return TestStateMock{json::parse(result), {}, {}}; }
TestStateMock error_mock(const std::string& error, const std::string& cause) { return TestStateMock{{}, error, cause}; }

// "INFO: Shows the final state output" -- no inspection data.
TEST(TestState, InfoLevelShowsOnlyTheOutput) {
    auto t = run(R"({"Type": "Pass", "Result": {"a": 1}, "Next": "After"})", "{}", InspectionLevel::Info);
    EXPECT_EQ(t.result.status, TestStatus::Succeeded);
    EXPECT_EQ(text(t.result.output), R"({"a":1})");
    EXPECT_EQ(t.result.next_state, "After");
    EXPECT_FALSE(t.result.inspection);
}

// "DEBUG: Shows the final state output along with the input and output data processing result."
TEST(TestState, DebugLevelShowsEachProcessingStep) {
    auto t = run(R"({"Type": "Pass", "InputPath": "$.order", "Parameters": {"id.$": "$.id"},
                     "ResultPath": "$.picked", "OutputPath": "$.picked", "End": true})",
                 R"({"order": {"id": 7, "x": 1}})");
    ASSERT_TRUE(t.result.inspection);
    const InspectionData& d = *t.result.inspection;
    EXPECT_EQ(text(d.input), R"({"order":{"id":7,"x":1}})");
    EXPECT_EQ(text(d.after_input_path), R"({"id":7,"x":1})");
    EXPECT_EQ(text(d.after_parameters), R"({"id":7})");
    EXPECT_EQ(text(d.after_result_path), R"({"order":{"id":7,"x":1},"picked":{"id":7}})");
    EXPECT_EQ(text(t.result.output), R"({"id":7})");
    EXPECT_FALSE(t.result.next_state);  // End: "If you haven't defined a next state ... this field doesn't contain a value"
}

// Pass applies Parameters, then Result replaces them (the engine's own Pass
// handler runs here, so TestState and an execution agree: execution_test.cpp's
// Pass.ParametersApplyBeforeResult). A Parameters path that selects nothing
// fails the state even with a Result.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
// https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
TEST(TestState, PassAppliesParametersBeforeResult) {
    const std::string pass = R"({"Type": "Pass", "Parameters": {"picked.$": "$.a"}, "Result": {"fixed": true},
                                 "End": true})";
    auto ok = run(pass, R"({"a": 1})");
    EXPECT_EQ(ok.result.status, TestStatus::Succeeded);
    EXPECT_EQ(text(ok.result.inspection->after_parameters), R"({"picked":1})");
    EXPECT_EQ(text(ok.result.inspection->result), R"({"fixed":true})");
    EXPECT_EQ(text(ok.result.output), R"({"fixed":true})");

    auto missing = run(pass, R"({"b": 1})");
    EXPECT_EQ(missing.result.status, TestStatus::Failed);
    EXPECT_EQ(missing.result.error, "States.Runtime");
    EXPECT_NE(missing.result.cause->find("$.a"), std::string::npos) << *missing.result.cause;
}

// Choice: nextState is the branch the rules chose.
TEST(TestState, ChoiceReportsTheChosenBranch) {
    const std::string choice = R"({"Type": "Choice", "Choices": [
        {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"}], "Default": "Small"})";
    EXPECT_EQ(run(choice, R"({"n": 11})").result.next_state, "Big");
    EXPECT_EQ(run(choice, R"({"n": 1})").result.next_state, "Small");
    EXPECT_EQ(text(run(choice, R"({"n": 1})").result.output), R"({"n":1})");
}

TEST(TestState, ChoiceWithoutMatchFails) {
    auto t = run(R"({"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "One"}]})",
                 R"({"n": 2})");
    EXPECT_EQ(t.result.status, TestStatus::Failed);
    EXPECT_EQ(t.result.error, "States.NoChoiceMatched");
}

// Wait returns at once (no waiting in TestState).
TEST(TestState, WaitReturnsImmediately) {
    auto t = run(R"({"Type": "Wait", "Seconds": 86400, "Next": "Later"})", R"({"a": 1})");
    EXPECT_EQ(t.result.status, TestStatus::Succeeded);
    EXPECT_EQ(t.result.next_state, "Later");
    EXPECT_EQ(text(t.result.output), R"({"a":1})");
}

// Wait evaluates its SecondsPath as an execution does (the Wait handler runs;
// only its timer fires at once). https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
TEST(TestState, WaitResolvesItsSecondsPath) {
    const std::string wait = R"({"Type": "Wait", "SecondsPath": "$.s", "Next": "Later"})";
    EXPECT_EQ(run(wait, R"({"s": 5})").result.status, TestStatus::Succeeded);
    auto missing = run(wait, R"({"t": 5})");
    EXPECT_EQ(missing.result.status, TestStatus::Failed);
    EXPECT_EQ(missing.result.error, "States.Runtime");
    auto negative = run(wait, R"({"s": -1})");
    EXPECT_EQ(negative.result.status, TestStatus::Failed);
    EXPECT_NE(negative.result.cause->find("negative"), std::string::npos) << *negative.result.cause;
}

TEST(TestState, SucceedAndFail) {
    auto ok = run(R"({"Type": "Succeed", "OutputPath": "$.a"})", R"({"a": [1]})");
    EXPECT_EQ(ok.result.status, TestStatus::Succeeded);
    EXPECT_EQ(text(ok.result.output), "[1]");
    auto failed = run(R"({"Type": "Fail", "Error": "Bad", "Cause": "because"})");
    EXPECT_EQ(failed.result.status, TestStatus::Failed);
    EXPECT_EQ(failed.result.error, "Bad");
    EXPECT_EQ(failed.result.cause, "because");
    EXPECT_FALSE(failed.result.output);
}

// mock.result stands in for the task's result; the state's processing applies to it.
TEST(TestState, TaskWithMockedResult) {
    auto t = run(R"({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                     "Parameters": {"FunctionName": "f", "Payload.$": "$"},
                     "ResultSelector": {"body.$": "$.Payload"}, "ResultPath": "$.r", "Next": "Done"})",
                 R"({"x": 1})", InspectionLevel::Debug, result_mock(R"({"Payload": {"ok": true}, "StatusCode": 200})"));
    EXPECT_EQ(t.result.status, TestStatus::Succeeded);
    const InspectionData& d = *t.result.inspection;
    EXPECT_EQ(text(d.after_parameters), R"({"FunctionName":"f","Payload":{"x":1}})");
    EXPECT_EQ(text(d.result), R"({"Payload":{"ok":true},"StatusCode":200})");
    EXPECT_EQ(text(d.after_result_selector), R"({"body":{"ok":true}})");
    EXPECT_EQ(text(t.result.output), R"({"x":1,"r":{"body":{"ok":true}}})");
    EXPECT_EQ(t.result.next_state, "Done");
}

TEST(TestState, TaskWithoutMockFailsWithStatesRuntime) {
    auto t = run(R"({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true})");
    EXPECT_EQ(t.result.status, TestStatus::Failed);
    EXPECT_EQ(t.result.error, "States.Runtime");
    EXPECT_NE(t.result.cause->find("mock"), std::string::npos);
}

// A mocked error a Retry matches, with attempts left: RETRIABLE (retryIndex, back-off).
TEST(TestState, MockedErrorThatRetryMatchesIsRetriable) {
    const std::string task = R"({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
        "Retry": [{"ErrorEquals": ["Other"]}, {"ErrorEquals": ["Boom"], "IntervalSeconds": 2, "MaxAttempts": 2, "BackoffRate": 3}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handler", "ResultPath": "$.err"}]})";
    auto first = run(task, R"({"a": 1})", InspectionLevel::Debug, error_mock("Boom", "it broke"), 0);
    EXPECT_EQ(first.result.status, TestStatus::Retriable);
    EXPECT_EQ(first.result.error, "Boom");
    EXPECT_EQ(first.result.inspection->retry_index, 1);
    EXPECT_EQ(first.result.inspection->retry_backoff_interval_seconds, 2);
    auto second = run(task, R"({"a": 1})", InspectionLevel::Debug, error_mock("Boom", "it broke"), 1);
    EXPECT_EQ(second.result.inspection->retry_backoff_interval_seconds, 6);
    // stateConfiguration.retrierRetryCount at MaxAttempts: the retrier is spent, Catch takes it.
    auto spent = run(task, R"({"a": 1})", InspectionLevel::Debug, error_mock("Boom", "it broke"), 2);
    EXPECT_EQ(spent.result.status, TestStatus::CaughtError);
    EXPECT_EQ(spent.result.next_state, "Handler");
    EXPECT_EQ(spent.result.inspection->catch_index, 0);
    EXPECT_EQ(text(spent.result.output), R"({"a":1,"err":{"Error":"Boom","Cause":"it broke"}})");
}

TEST(TestState, UnhandledMockedErrorFails) {
    auto t = run(R"({"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true})", "{}",
                 InspectionLevel::Debug, error_mock("SNS.Throttled", "slow down"));
    EXPECT_EQ(t.result.status, TestStatus::Failed);
    EXPECT_EQ(t.result.error, "SNS.Throttled");
    EXPECT_EQ(t.result.cause, "slow down");
}

// States.Runtime is neither retried nor caught.
TEST(TestState, RuntimeErrorIsNotCaught) {
    auto t = run(R"({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "InputPath": "$.missing", "End": true,
                     "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handler"}]})",
                 "{}", InspectionLevel::Debug, result_mock("{}"));
    EXPECT_EQ(t.result.status, TestStatus::Failed);
    EXPECT_EQ(t.result.error, "States.Runtime");
}

// variables: "JSON object literal that sets variables used in the state under test";
// inspectionData.variables: the variables after the state.
TEST(TestState, VariablesAreReadAndAssigned) {
    auto t = run(R"({"Type": "Pass", "Parameters": {"seen.$": "$limit"}, "Assign": {"count.$": "$.seen"}, "End": true})",
                 R"({"n": 3})", InspectionLevel::Debug, std::nullopt, 0, R"({"limit": 5})");
    EXPECT_EQ(text(t.result.output), R"({"seen":5})") << t.result.cause.value_or("");
    EXPECT_EQ(text(t.result.inspection->variables), R"({"limit":5,"count":5})");
}

TEST(TestState, JsonataTaskShowsArguments) {
    auto t = run(R"({"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::lambda:invoke",
                     "Arguments": {"Payload": "{% $states.input.x + 1 %}"}, "Output": "{% $states.result.v %}",
                     "End": true})",
                 R"({"x": 1})", InspectionLevel::Debug, result_mock(R"({"v": "done"})"));
    EXPECT_EQ(t.result.status, TestStatus::Succeeded);
    EXPECT_EQ(text(t.result.inspection->after_arguments), R"({"Payload":2})");
    EXPECT_FALSE(t.result.inspection->after_input_path);
    EXPECT_EQ(text(t.result.output), R"("done")");
}

// Map (with a mock): afterItemsPath, afterItemSelector, and the mocked results array.
TEST(TestState, MapWithMockedResult) {
    auto t = run(R"({"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
                     "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
                     "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
                     "ResultPath": "$.out", "End": true})",
                 R"({"items": ["a", "b"]})", InspectionLevel::Debug, result_mock(R"([1, 2])"));
    EXPECT_EQ(t.result.status, TestStatus::Succeeded);
    const InspectionData& d = *t.result.inspection;
    EXPECT_EQ(text(d.after_items_path), R"(["a","b"])");
    EXPECT_EQ(text(d.after_item_selector), R"([{"value":"a","index":0},{"value":"b","index":1}])");
    EXPECT_EQ(d.max_concurrency, 2);
    EXPECT_EQ(text(t.result.output), R"({"items":["a","b"],"out":[1,2]})");
}

// afterItemSelector holds every item, beyond the first MaxConcurrency ones.
TEST(TestState, MapSelectsEveryItem) {
    auto t = run(R"({"Type": "Map", "MaxConcurrency": 1, "ItemSelector": {"v.$": "$$.Map.Item.Value"},
                     "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true})",
                 R"([1, 2, 3])", InspectionLevel::Debug, result_mock(R"(["a", "b", "c"])"));
    EXPECT_EQ(t.result.status, TestStatus::Succeeded);
    EXPECT_EQ(text(t.result.inspection->after_item_selector), R"([{"v":1},{"v":2},{"v":3}])");
    EXPECT_EQ(text(t.result.output), R"(["a","b","c"])");
}

// A DISTRIBUTED Map hands its Map Run to the shell; TestState still shows its
// items as an INLINE Map's: afterItemsPath, afterItemSelector, the settings.
TEST(TestState, DistributedMapShowsItsItems) {
    auto t = run(R"({"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "ToleratedFailurePercentage": 50,
                     "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
                     "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                       "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
                     "ResultPath": "$.out", "End": true})",
                 R"({"items": ["a", "b"]})", InspectionLevel::Debug, result_mock(R"([1, 2])"));
    EXPECT_EQ(t.result.status, TestStatus::Succeeded);
    const InspectionData& d = *t.result.inspection;
    EXPECT_EQ(text(d.after_items_path), R"(["a","b"])");
    EXPECT_EQ(text(d.after_item_selector), R"([{"value":"a","index":0},{"value":"b","index":1}])");
    EXPECT_FALSE(d.after_item_batcher);
    EXPECT_EQ(d.max_concurrency, 2);
    EXPECT_EQ(d.tolerated_failure_percentage, 50);
    EXPECT_EQ(text(t.result.output), R"({"items":["a","b"],"out":[1,2]})");
}

Tested run_with(const std::string& definition, const std::string& input, TestStateMock mock,
                const std::function<void(TestStateRequest&)>& configure) {
    Tested t;
    t.definition = compile_test_state(definition);
    EXPECT_TRUE(t.definition.machine) << (t.definition.errors.empty() ? "" : t.definition.errors[0].to_string());
    if (!t.definition.machine) return t;
    TestStateRequest request;
    request.state = t.definition.state;
    request.input = json::parse(input);
    request.mock = std::move(mock);
    request.level = InspectionLevel::Debug;
    configure(request);
    t.result = test_state(t.definition.machine, request);
    return t;
}

std::function<void(TestStateRequest&)> reader_items(const std::string& items) {
    return [items](TestStateRequest& r) { r.map_reader_items = TestStateReaderItems{json::parse(items), {}}; };
}

std::function<void(TestStateRequest&)> failed_iterations(int64_t count) {
    return [count](TestStateRequest& r) { r.map_iteration_failure_count = count; };
}

constexpr const char* kDistributed =
    R"("ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                         "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})";

std::string distributed_map(const std::string& fields) {
    return R"({"Type": "Map", )" + fields + ", " + kDistributed + R"(, "End": true})";
}

// "ItemReader": s3:getObject of s3://b/k with this ReaderConfig.
std::string reader(const std::string& reader_config) {
    return R"("ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"},
                             "ReaderConfig": )" + reader_config + "}";
}

// stateConfiguration.mapItemReaderData: the reader's items (read by the api
// layer), then MaxItems, ItemSelector and ItemBatcher, each shown as
// InspectionData names it (afterItemSelector, afterItemBatcher).
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestStateConfiguration.html
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_InspectionData.html
TEST(TestState, DistributedMapReadsTheReaderData) {
    auto t = run_with(distributed_map(R"("ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                                          "ReaderConfig": {"InputType": "JSON", "MaxItems": 3},
                                          "Parameters": {"Bucket": "b", "Key": "k"}},
                                          "ItemSelector": {"n.$": "$$.Map.Item.Value", "tag.$": "$.tag"},
                                          "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"run.$": "$.tag"}})"),
                      R"({"tag": "x"})", result_mock(R"({"done": true})"), reader_items("[1, 2, 3, 4]"));
    EXPECT_EQ(t.result.status, TestStatus::Succeeded);
    const InspectionData& d = *t.result.inspection;
    EXPECT_EQ(text(d.after_item_selector), R"([{"n":1,"tag":"x"},{"n":2,"tag":"x"},{"n":3,"tag":"x"}])");
    EXPECT_EQ(text(d.after_item_batcher),
              R"([{"BatchInput":{"run":"x"},"Items":[{"n":1,"tag":"x"},{"n":2,"tag":"x"}]},)"
              R"({"BatchInput":{"run":"x"},"Items":[{"n":3,"tag":"x"}]}])");
    EXPECT_FALSE(d.after_items_pointer);
    EXPECT_FALSE(d.after_items_path);  // the items come from the reader, not the input
    EXPECT_EQ(text(t.result.output), R"({"done":true})");
}

// "afterItemsPointer: The effective input after the ItemsPointer filter is applied in a Map state."
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_InspectionData.html
TEST(TestState, DistributedMapShowsItemsAfterTheItemsPointer) {
    auto t = run_with(distributed_map(reader(R"({"InputType": "JSON", "ItemsPointer": "/orders"})")),
                      "{}", result_mock("[]"), reader_items(R"([{"id": 1}])"));
    EXPECT_EQ(t.result.status, TestStatus::Succeeded);
    EXPECT_EQ(text(t.result.inspection->after_items_pointer), R"([{"id":1}])");
    EXPECT_EQ(text(t.result.inspection->after_item_selector), R"([{"id":1}])");
}

// An ItemReader without mapItemReaderData: the mock answers; no items are shown.
TEST(TestState, DistributedMapWithAReaderAndNoDataShowsNoItems) {
    auto t = run(distributed_map(reader(R"({"InputType": "JSONL"})")),
                 "{}", InspectionLevel::Debug, result_mock("[7]"));
    EXPECT_EQ(t.result.status, TestStatus::Succeeded);
    EXPECT_FALSE(t.result.inspection->after_item_selector);
    EXPECT_EQ(text(t.result.output), "[7]");
}

// The reader failed on the data: the Map Run fails as an execution's would.
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html (States.ItemReaderFailed)
TEST(TestState, UnreadableReaderDataFailsTheMap) {
    auto t = run_with(distributed_map(reader(R"({"InputType": "JSON"})")), "{}", result_mock("[]"),
                      [](TestStateRequest& r) { r.map_reader_items = TestStateReaderItems{json::parse("[]"), "bad"}; });
    EXPECT_EQ(t.result.status, TestStatus::Failed);
    EXPECT_EQ(t.result.error, "States.ItemReaderFailed");
    EXPECT_EQ(t.result.cause, "bad");
}

// mapIterationFailureCount: "Test whether a specific number of failed iterations
// triggers the tolerated failure threshold" -- within it the mocked result
// stands; past it the Map fails with States.ExceedToleratedFailureThreshold,
// which its Retry and Catch see as in an execution.
// https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
TEST(TestState, MapIterationFailureCountAgainstTheToleratedFailures) {
    const std::string map = distributed_map(R"("ToleratedFailureCount": 1)");
    auto within = run_with(map, "[1, 2, 3]", result_mock("[1, 1, 1]"), failed_iterations(1));
    EXPECT_EQ(within.result.status, TestStatus::Succeeded);
    EXPECT_EQ(text(within.result.output), "[1,1,1]");
    EXPECT_EQ(within.result.inspection->tolerated_failure_count, 1);

    auto past = run_with(map, "[1, 2, 3]", result_mock("[0, 0, 1]"), failed_iterations(2));
    EXPECT_EQ(past.result.status, TestStatus::Failed);
    EXPECT_EQ(past.result.error, "States.ExceedToleratedFailureThreshold");
    EXPECT_EQ(past.result.cause, "The specified tolerated failure threshold was exceeded");

    auto caught = run_with(distributed_map(R"("ToleratedFailurePercentage": 50,
        "Catch": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Next": "Threshold"}])"),
                           "[1, 2, 3]", result_mock("[]"), failed_iterations(2));
    EXPECT_EQ(caught.result.status, TestStatus::CaughtError);
    EXPECT_EQ(caught.result.next_state, "Threshold");
    EXPECT_EQ(caught.result.inspection->catch_index, 0);

    auto retried = run_with(distributed_map(R"("ToleratedFailureCount": 0,
        "Retry": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "IntervalSeconds": 2}])"),
                            "[1, 2, 3]", result_mock("[]"), failed_iterations(1));
    EXPECT_EQ(retried.result.status, TestStatus::Retriable);
    EXPECT_EQ(retried.result.inspection->retry_index, 0);
}

// Without ToleratedFailureCount or ToleratedFailurePercentage there is no
// threshold to pass, and a mocked error is the Map's outcome whatever the count.
// https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
TEST(TestState, MapIterationFailureCountWithoutAThresholdOrWithAMockedError) {
    auto no_threshold = run_with(distributed_map(R"("ItemsPath": "$")"), "[1, 2, 3]", result_mock("[0, 0, 1]"),
                                 failed_iterations(2));
    EXPECT_EQ(no_threshold.result.status, TestStatus::Succeeded);
    auto error = run_with(distributed_map(R"("ToleratedFailureCount": 1)"), "[1, 2, 3]",
                          error_mock("MockException", "mocked"), failed_iterations(2));
    EXPECT_EQ(error.result.status, TestStatus::Failed);
    EXPECT_EQ(error.result.error, "MockException");
}

// "The value for this field cannot exceed the number of items in the input."
// https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
TEST(TestState, MapIterationFailureCountAboveTheItemsIsAnInvalidRequest) {
    auto t = run_with(distributed_map(R"("ToleratedFailureCount": 1)"), "[1, 2]", result_mock("[]"),
                      failed_iterations(3));
    ASSERT_TRUE(t.result.invalid_request);
    EXPECT_NE(t.result.invalid_request->find("cannot exceed the number of items (2)"), std::string::npos);
    auto max_items = run_with(distributed_map(reader(R"({"InputType": "JSON", "MaxItems": 1})")),
                              "{}", result_mock("[]"), [](TestStateRequest& r) {
                                  r.map_reader_items = TestStateReaderItems{json::parse("[1, 2, 3]"), {}};
                                  r.map_iteration_failure_count = 2;
                              });
    EXPECT_TRUE(max_items.result.invalid_request);  // MaxItems leaves one item
    auto unknown = run(distributed_map(reader(R"({"InputType": "JSON"})")),
                       "{}", InspectionLevel::Debug, result_mock("[]"), 0);
    EXPECT_FALSE(unknown.result.invalid_request);
    auto uncounted = run_with(distributed_map(reader(R"({"InputType": "JSON"})")),
                              "{}", result_mock("[]"), failed_iterations(1));
    ASSERT_TRUE(uncounted.result.invalid_request);  // the reader's items are unknown without its data
    EXPECT_NE(uncounted.result.invalid_request->find("mapItemReaderData"), std::string::npos);
}

// ItemSelector failing on an item fails the Map Run before any child starts.
TEST(TestState, DistributedMapItemSelectorFailureFailsTheMap) {
    auto t = run(distributed_map(R"("ItemSelector": {"v.$": "$$.Map.Item.Value.missing"})"), R"([{"a": 1}])",
                 InspectionLevel::Debug, result_mock("[]"));
    EXPECT_EQ(t.result.status, TestStatus::Failed);
    EXPECT_EQ(t.result.error, "States.Runtime");
}

// MaxInputBytesPerBatch closes a batch before it grows past the limit.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
TEST(TestState, DistributedMapBatchesByBytes) {
    auto t = run(distributed_map(R"("ItemBatcher": {"MaxInputBytesPerBatch": 30})"), R"(["aaaa", "bbbb", "cccc"])",
                 InspectionLevel::Debug, result_mock("[]"));
    EXPECT_EQ(t.result.status, TestStatus::Succeeded);
    // {"Items":["aaaa","bbbb"]} is 25 bytes; a third item would make 32.
    EXPECT_EQ(text(t.result.inspection->after_item_batcher), R"([{"Items":["aaaa","bbbb"]},{"Items":["cccc"]}])");
}

TEST(TestState, ParallelWithMockedError) {
    auto t = run(R"({"Type": "Parallel", "End": true,
                     "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}],
                     "Catch": [{"ErrorEquals": ["States.BranchFailed"], "Next": "Recover"}]})",
                 "{}", InspectionLevel::Debug, error_mock("States.BranchFailed", "a branch failed"));
    EXPECT_EQ(t.result.status, TestStatus::CaughtError);
    EXPECT_EQ(t.result.next_state, "Recover");
}

// stateName: one state of a whole state machine definition.
TEST(TestState, StateNamePicksAStateOfAMachine) {
    auto d = compile_test_state(R"({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Result": 2, "End": true}}})",
                                "B");
    ASSERT_TRUE(d.machine);
    TestStateRequest request;
    request.state = d.state;
    auto result = test_state(d.machine, request);
    EXPECT_EQ(text(result.output), "2");
    EXPECT_TRUE(compile_test_state(R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}})", "Z")
                    .missing_state == "Z");
}

// The tested state's transition is reported; the state after it never runs.
TEST(TestState, TheNextStateDoesNotRun) {
    auto d = compile_test_state(R"({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": 1, "Next": "B"}, "B": {"Type": "Fail", "Error": "Ran"}}})",
                                "A");
    ASSERT_TRUE(d.machine);
    TestStateRequest request;
    request.state = d.state;
    auto result = test_state(d.machine, request);
    EXPECT_EQ(result.status, TestStatus::Succeeded);
    EXPECT_EQ(result.next_state, "B");
    EXPECT_EQ(text(result.output), "1");
}

TEST(TestState, InvalidStateDefinitionReportsDiagnostics) {
    auto d = compile_test_state(R"({"Type": "Pass", "ResultPath": 5})");
    EXPECT_FALSE(d.machine);
    ASSERT_FALSE(d.errors.empty());
    EXPECT_EQ(d.errors[0].pointer.rfind("/States/", 0), std::string::npos);
    EXPECT_FALSE(compile_test_state("{not json").machine);
}

TEST(TestState, InspectionDataAsAwsShapesIt) {
    InspectionData d;
    d.input = json::parse(R"({"a":1})");
    d.retry_index = 0;
    d.retry_backoff_interval_seconds = 4;
    EXPECT_EQ(json::dump(d.to_json()),
              R"({"input":"{\"a\":1}","errorDetails":{"retryIndex":0,"retryBackoffIntervalSeconds":4}})");
}

}  // namespace
}  // namespace stepwise::engine
