// Data rules (rules_data.cpp): path-never-exists over the example input and the mocks' results.
// AWS applies InputPath, Parameters, the result, ResultSelector, ResultPath and OutputPath in turn, and a
// path that selects nothing fails the state:
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
#include <gtest/gtest.h>

#include <cstdlib>

#include "json/parse.h"
#include "lint/mocked_results.h"
#include "lint_test_util.h"

namespace stepwise::lint {
namespace {

// The pointers of the path-never-exists findings.
std::vector<std::string> missing(const std::string& definition, const std::string& input,
                                 std::map<std::string, std::vector<json::Value>> task_results = {}) {
    ExampleData examples;
    if (!input.empty()) examples.input = json::parse(input);
    examples.task_results = std::move(task_results);
    FileReport report = test::lint_text(definition, examples);
    EXPECT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    std::vector<std::string> out;
    for (const Finding& f : test::findings_of(report, "path-never-exists")) out.push_back(f.pointer);
    return out;
}

using Pointers = std::vector<std::string>;

// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
TEST(PathNeverExists, InputPathReadingAFieldNoExampleInputHas) {
    const std::string definition = R"({"StartAt": "Validate", "States": {
        "Validate": {"Type": "Pass", "InputPath": "$.order.vin", "End": true}}})";
    EXPECT_EQ(missing(definition, R"({"order": {"orderId": "o-1", "customerId": "c-1"}})"),
              Pointers{"/States/Validate/InputPath"});
    EXPECT_TRUE(missing(definition, R"({"order": {"vin": "V1"}})").empty());
    EXPECT_TRUE(missing(definition, "").empty()) << "no example input: nothing is known of $";
}

TEST(PathNeverExists, MessageNamesTheStateTheFieldAndWhatIsThere) {
    ExampleData examples;
    examples.input = json::parse(R"({"order": {"orderId": "o-1", "customerId": "c-1"}})");
    FileReport report = test::lint_text(R"({"StartAt": "Validate", "States": {
        "Validate": {"Type": "Pass", "InputPath": "$.order.vin", "End": true}}})", examples);
    auto found = test::findings_of(report, "path-never-exists");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].severity, Severity::Warning);
    EXPECT_NE(found[0].message.find("state \"Validate\""), std::string::npos) << found[0].message;
    EXPECT_NE(found[0].message.find("'vin'"), std::string::npos) << found[0].message;
    EXPECT_NE(found[0].message.find("$.order has: orderId, customerId"), std::string::npos) << found[0].message;
    EXPECT_EQ(found[0].hint.find("did you mean"), std::string::npos) << "nothing there is close to 'vin'";
    EXPECT_FALSE(found[0].hint.empty());

    examples.input = json::parse(R"({"order": {"orderId": "o-1", "VIN": "V1"}})");
    found = test::findings_of(test::lint_text(R"({"StartAt": "Validate", "States": {
        "Validate": {"Type": "Pass", "InputPath": "$.order.vim", "End": true}}})", examples), "path-never-exists");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].hint.find("did you mean 'VIN'?"), 0u) << found[0].hint;
}

// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
TEST(PathNeverExists, ParametersAndIntrinsicArgumentsPointAtTheirMember) {
    const std::string definition = R"json({"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                 "Parameters": {"FunctionName": "f", "Payload": {"id.$": "$.id", "name.$": "$.nmae",
                                "text.$": "States.Format('{} {}', $.id, $.colour)", "at.$": "$$.Execution.Id"}}}}})json";
    EXPECT_EQ(missing(definition, R"({"id": 1, "name": "n", "color": "red"})"),
              (Pointers{"/States/Call/Parameters/Payload/name.$", "/States/Call/Parameters/Payload/text.$"}));
}

// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
TEST(PathNeverExists, ResultPathAddsAnUnknownResultBesideTheKnownInput) {
    const std::string definition = R"({"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                 "ResultPath": "$.result", "Next": "Use"},
        "Use": {"Type": "Pass", "Parameters": {"a.$": "$.result.anything", "b.$": "$.orderId", "c.$": "$.ordreId"},
                "End": true}}})";
    EXPECT_EQ(missing(definition, R"({"orderId": "o-1"})"), Pointers{"/States/Use/Parameters/c.$"});
}

TEST(PathNeverExists, ResultSelectorReadsTheMockedResults) {
    const std::string definition = R"({"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                 "ResultSelector": {"ok.$": "$.Payload.ok", "why.$": "$.Payload.reason"}, "End": true}}})";
    std::map<std::string, std::vector<json::Value>> mocked{
        {"Call", {json::parse(R"({"Payload": {"ok": true}})"), json::parse(R"({"Payload": {"ok": false, "x": 1}})")}}};
    EXPECT_EQ(missing(definition, "{}", mocked), Pointers{"/States/Call/ResultSelector/why.$"});
    mocked["Call"].push_back(json::parse(R"({"Payload": {"ok": false, "reason": "late"}})"));
    EXPECT_TRUE(missing(definition, "{}", mocked).empty()) << "one mocked result has it: it may exist";
    EXPECT_TRUE(missing(definition, "{}").empty()) << "not mocked: the result is unknown";
}

// A mocked Throw: the Task never returns, so only its Catchers go on.
// https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
TEST(PathNeverExists, ATaskWhoseMocksOnlyThrowNeverReachesItsOutputPath) {
    const std::string definition = R"({"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                 "ResultPath": "$.r", "OutputPath": "$.no.such.path", "End": true,
                 "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handle"}]},
        "Handle": {"Type": "Pass", "InputPath": "$.error", "End": true}}})";
    EXPECT_TRUE(missing(definition, R"({"a": 1})", {{"Call", {}}}).empty());
    EXPECT_EQ(missing(definition, R"({"a": 1})"), Pointers{"/States/Call/OutputPath"}) << "not mocked: it may return";
}

TEST(MockedResults, UnionOfTheTestCasesAndUnknownWhereACaseDoesNotMockTheState) {
    tasks::MockConfig mocks = tasks::MockConfig::from_json(json::parse(R"({
        "StateMachines": {"M": {"TestCases": {"Happy": {"A": "ok", "B": "ok", "C": "boom"},
                                              "Sad": {"A": "other", "C": "boom"}}}},
        "MockedResponses": {"ok": {"0": {"Return": {"v": 1}}, "1-2": {"Return": {"v": 2}}},
                            "other": {"0": {"Return": {"v": 3}}},
                            "boom": {"0": {"Throw": {"Error": "E", "Cause": "c"}}}}})"));
    auto all = mocked_task_results(mocks, "M");
    EXPECT_EQ(all["A"].size(), 3u);
    EXPECT_FALSE(all.contains("B")) << "Sad calls B's real service";
    ASSERT_TRUE(all.contains("C"));
    EXPECT_TRUE(all["C"].empty()) << "C only throws";
    auto happy = mocked_task_results(mocks, "M", "Happy");
    EXPECT_EQ(happy["A"].size(), 2u);
    EXPECT_TRUE(happy.contains("B"));
    EXPECT_THROW(mocked_task_results(mocks, "M", "Nope"), tasks::MockConfigError);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
TEST(PathNeverExists, ACatcherWithoutResultPathHandsOnOnlyTheErrorOutput) {
    const std::string definition = R"({"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true,
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Report"}]},
        "Report": {"Type": "Pass", "Parameters": {"order.$": "$.orderId", "cause.$": "$.Cause"}, "End": true}}})";
    EXPECT_EQ(missing(definition, R"({"orderId": "o-1"})"), Pointers{"/States/Report/Parameters/order.$"});
    std::string kept = definition;
    kept.replace(kept.find(R"("Next": "Report")"), 16, R"("ResultPath": "$.error", "Next": "Report")");
    kept.replace(kept.find(R"("$.Cause")"), 9, R"("$.error.Cause")");
    EXPECT_TRUE(missing(kept, R"({"orderId": "o-1"})").empty());
}

// A Choice sends each example only where the engine's own evaluation sends it, so a branch for other
// inputs is not checked against this one. https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
TEST(PathNeverExists, ChoiceBranchesSeeOnlyTheExamplesThatTakeThem) {
    const std::string definition = R"({"StartAt": "Kind", "States": {
        "Kind": {"Type": "Choice", "Choices": [
            {"Variable": "$.kind", "StringEquals": "car", "Next": "Car"},
            {"And": [{"Variable": "$.truck", "IsPresent": true}, {"Variable": "$.truck.axles", "NumericGreaterThan": 2}],
             "Next": "Truck"}],
            "Default": "Other"},
        "Car": {"Type": "Pass", "InputPath": "$.car", "End": true},
        "Truck": {"Type": "Pass", "InputPath": "$.truck", "End": true},
        "Other": {"Type": "Pass", "InputPath": "$.other", "End": true}}})";
    EXPECT_TRUE(missing(definition, R"({"kind": "car", "car": {}})").empty());
    EXPECT_EQ(missing(definition, R"({"kind": "bike"})"), Pointers{"/States/Other/InputPath"});
}

TEST(PathNeverExists, ChoiceVariableTheRulesReadIsReported) {
    const std::string definition = R"({"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                 "ResultPath": "$.check", "Next": "Ok?"},
        "Ok?": {"Type": "Choice", "Choices": [{"Variable": "$.check.Payload.valid", "BooleanEquals": true,
                                              "Next": "Done"}], "Default": "Done"},
        "Done": {"Type": "Succeed"}}})";
    std::map<std::string, std::vector<json::Value>> mocked{{"Call", {json::parse(R"({"Payload": {"isValid": true}})")}}};
    EXPECT_EQ(missing(definition, "{}", mocked), Pointers{"/States/Ok?/Choices/0/Variable"});
    mocked["Call"] = {json::parse(R"({"Payload": {"valid": true}})")};
    EXPECT_TRUE(missing(definition, "{}", mocked).empty());
}

// When the rules read what is not known, only the first rule's Variable is surely read; Is* tests read
// nothing that can fail. https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
TEST(PathNeverExists, UndecidedChoiceReportsOnlyWhatIsSurelyRead) {
    const std::string definition = R"({"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                 "ResultPath": "$.r", "Next": "Which"},
        "Which": {"Type": "Choice", "Choices": [
            {"Variable": "$.r.status", "StringEquals": "x", "Next": "Done"},
            {"Variable": "$.nope", "IsPresent": true, "Next": "Done"},
            {"Variable": "$.missing", "StringEquals": "y", "Next": "Done"}], "Default": "Done"},
        "Done": {"Type": "Succeed"}}})";
    EXPECT_TRUE(missing(definition, R"({"id": 1})").empty());
    std::string first_missing = definition;
    first_missing.replace(first_missing.find("$.r.status"), 10, "$.r_status");
    EXPECT_EQ(missing(first_missing, R"({"id": 1})"), Pointers{"/States/Which/Choices/0/Variable"});
}

// https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
TEST(PathNeverExists, ParallelResultIsTheArrayOfItsBranchesOutputs) {
    const std::string definition = R"({"StartAt": "Both", "States": {
        "Both": {"Type": "Parallel", "ResultPath": "$.both", "Next": "Use", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"a": 1}, "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "Parameters": {"id.$": "$.id", "b.$": "$.b"},
                                              "End": true}}}]},
        "Use": {"Type": "Pass", "Parameters": {"a.$": "$.both[0].a", "x.$": "$.both[0].x", "b.$": "$.both[1].b",
                                               "id.$": "$.id"}, "End": true}}})";
    EXPECT_EQ(missing(definition, R"({"id": 7, "b": 2})"), Pointers{"/States/Use/Parameters/x.$"});
    EXPECT_EQ(missing(definition, R"({"id": 7})"), Pointers{"/States/Both/Branches/1/States/B/Parameters/b.$"})
        << "a branch that always fails: the Parallel never gets to Use";
}

// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemselector.html
TEST(PathNeverExists, MapItemsReachTheProcessorThroughTheItemSelector) {
    const std::string definition = R"({"StartAt": "Each", "States": {
        "Each": {"Type": "Map", "ItemsPath": "$.lines", "End": true,
                 "ItemSelector": {"sku.$": "$$.Map.Item.Value.sku", "order.$": "$.orderId"},
                 "ItemProcessor": {"StartAt": "Line", "States": {
                     "Line": {"Type": "Pass", "Parameters": {"sku.$": "$.sku", "qty.$": "$.qty"}, "End": true}}}}}})";
    EXPECT_EQ(missing(definition, R"({"orderId": "o", "lines": [{"sku": "a"}, {"sku": "b"}]})"),
              Pointers{"/States/Each/ItemProcessor/States/Line/Parameters/qty.$"});
    EXPECT_EQ(missing(definition, R"({"orderId": "o", "items": []})"), Pointers{"/States/Each/ItemsPath"});
    EXPECT_EQ(missing(definition, R"({"orderId": "o", "lines": [{"SKU": "a", "qty": 1}]})"),
              Pointers{"/States/Each/ItemSelector/sku.$"});
    EXPECT_TRUE(missing(definition, R"({"orderId": "o", "lines": []})").empty()) << "no item: nothing is selected";
}

// The context object's Execution.Input is the execution input.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
TEST(PathNeverExists, ExecutionInputInTheContextObjectIsTheExampleInput) {
    const std::string definition = R"({"StartAt": "First", "States": {
        "First": {"Type": "Pass", "Result": {"other": true}, "Next": "Later"},
        "Later": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Input.id", "no.$": "$$.Execution.Input.nope",
                                                 "when.$": "$$.Execution.StartTime"}, "End": true}}})";
    EXPECT_EQ(missing(definition, R"({"id": 1})"), Pointers{"/States/Later/Parameters/no.$"});
}

// A Distributed Map's children are executions of their own: their $$.Execution.Input is their item.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
TEST(PathNeverExists, ExecutionInputInsideADistributedMapIsTheChildsOwn) {
    const std::string inline_map = R"({"StartAt": "Each", "States": {
        "Each": {"Type": "Map", "ItemsPath": "$.lines", "End": true,
                 "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Line", "States": {
                     "Line": {"Type": "Pass", "Parameters": {"x.$": "$$.Execution.Input.sku"}, "End": true}}}}}})";
    EXPECT_EQ(missing(inline_map, R"({"lines": [{"sku": "a"}]})"),
              Pointers{"/States/Each/ItemProcessor/States/Line/Parameters/x.$"});
    std::string distributed = inline_map;
    distributed.replace(distributed.find(R"("Mode": "INLINE")"), 16,
                        R"("Mode": "DISTRIBUTED", "ExecutionType": "STANDARD")");
    EXPECT_TRUE(missing(distributed, R"({"lines": [{"sku": "a"}]})").empty());
}

TEST(PathNeverExists, LoopsReachAFixedPoint) {
    const std::string definition = R"json({"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Parameters": {"n": 0, "id.$": "$.id"}, "Next": "Step"},
        "Step": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)", "id.$": "$.id", "later": true},
                 "Next": "More?"},
        "More?": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 3, "Next": "Step"}],
                  "Default": "Done"},
        "Done": {"Type": "Pass", "InputPath": "$.idd", "End": true}}})json";
    EXPECT_EQ(missing(definition, R"({"id": 1})"), Pointers{"/States/Done/InputPath"});
}

TEST(PathNeverExists, JsonataStatesAndVariablesAreNotFollowed) {
    const std::string definition = R"({"StartAt": "J", "States": {
        "J": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% {'x': 1} %}", "Next": "P"},
        "P": {"Type": "Pass", "Parameters": {"y.$": "$.y", "v.$": "$v.no"},
              "End": true}}})";
    EXPECT_TRUE(missing(definition, R"({"a": 1})").empty());
}

// The example works at run time with its input and mocks, so nothing is found; one misspelt path in a
// copy is found once.
TEST(PathNeverExists, VehicleOrderCancellationExample) {
    const std::string dir = std::string(STEPWISE_SOURCE_DIR) + "/examples/vehicle-order-cancellation/";
    asl::DefinitionFile file = asl::read_definition_file(dir + "statemachine.asl.json");
    LintOptions options;
    options.compile.substitutions = {{"ValidateOrderFunctionArn", "a"}, {"CancelOrderFunctionArn", "b"},
                                     {"CheckInventoryFunctionArn", "c"}, {"RunCreditCheckFunctionArn", "d"},
                                     {"NotifyCustomerFunctionArn", "e"}};
    options.examples.input = json::parse_file(dir + "input.json");
    tasks::MockConfig mocks = tasks::MockConfig::load(dir + "mocks.json");
    options.examples.task_results = mocked_task_results(mocks, "VehicleOrderCancellation");
    ASSERT_FALSE(options.examples.task_results.empty());
    FileReport report = lint_file(file, options);
    ASSERT_TRUE(report.compiled);
    EXPECT_TRUE(test::findings_of(report, "path-never-exists").empty()) << testing::PrintToString(test::summary(report));

    std::string broken = file.text;
    const std::string reason = R"("reason.$": "$.cancellationReason")";
    size_t at = broken.find(reason);
    ASSERT_NE(at, std::string::npos);
    broken.replace(at, reason.size(), R"("reason.$": "$.cancelationReason")");
    report = test::lint_text(broken, options);
    auto found = test::findings_of(report, "path-never-exists");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].pointer, "/States/ConfirmCancellation/Parameters/Payload/reason.$");
}

}  // namespace
}  // namespace stepwise::lint
