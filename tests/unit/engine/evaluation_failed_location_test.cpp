// EvaluationFailed's `location`: "The location of the field in the state in which the evaluation error
// occurred", the field and the place below it as the cause quotes it ("Output/result", "Arguments/FunctionName").
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_EvaluationFailedEventDetails.html
// The values follow histories recorded against AWS (LocalStack's AWS-validated snapshots of
// test_assign_reference_variables.py::test_undefined_reference, whose execution results are in
// ../shared/conformance/asl/assign/undefined_reference__*; and Map `Items` of the wrong type).
#include <gtest/gtest.h>

#include "driver.h"
#include "json/write.h"

using namespace stepwise;
using namespace stepwise::enginetest;
using engine::Status;

namespace {

// The evaluationFailedEventDetails of the execution's EvaluationFailed event.
std::string details(const Run& r) {
    for (const auto& e : r.exec->history())
        if (e.type == engine::EventType::EvaluationFailed) {
            auto v = e.to_json(r.exec->history_context());
            return json::dump(*v.find("evaluationFailedEventDetails"));
        }
    return "(no EvaluationFailed)";
}

std::string location_of(const std::string& definition, json::Value input = json::Object{}) {
    auto r = run(definition, std::move(input));
    EXPECT_EQ(r.status(), Status::Failed);
    for (const auto& e : r.exec->history())
        if (e.type == engine::EventType::EvaluationFailed) return e.location.value_or("(none)");
    return "(no EvaluationFailed)";
}

}  // namespace

TEST(EvaluationFailedLocation, WholeOutputField) {
    auto r = run(R"({"QueryLanguage": "JSONata", "StartAt": "State0", "States": {
        "State0": {"Type": "Pass", "Output": "{% $doesNotExist %}", "End": true}}})",
                 json::Object{});
    ASSERT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(details(r),
              R"({"error":"States.QueryEvaluationError","cause":"An error occurred while executing the state 'State0' )"
              R"((entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output' )"
              R"(returned nothing (undefined).","location":"Output","state":"State0"})");
}

TEST(EvaluationFailedLocation, AMemberOfOutput) {
    EXPECT_EQ(location_of(R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Pass", "Output": {"result": "{% $doesNotExist %}"}, "End": true}}})"),
              "Output/result");
}

TEST(EvaluationFailedLocation, AMemberOfAssign) {
    EXPECT_EQ(location_of(R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Pass", "Assign": {"result": "{% $doesNotExist %}"}, "End": true}}})"),
              "Assign/result");
}

TEST(EvaluationFailedLocation, ArgumentsWholeAndAMember) {
    EXPECT_EQ(location_of(R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": "{% $doesNotExist %}",
              "End": true}}})"),
              "Arguments");
    EXPECT_EQ(location_of(R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"FunctionName": "{% $doesNotExist %}", "Payload": {}}, "End": true}}})"),
              "Arguments/FunctionName");
}

// An expression that throws names its place the same way; so does nesting inside arrays.
TEST(EvaluationFailedLocation, AThrowingExpressionInAnArray) {
    EXPECT_EQ(location_of(R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Pass", "Output": {"list": [1, "{% $number('abc') + 1 %}"]}, "End": true}}})"),
              "Output/list/1");
}

TEST(EvaluationFailedLocation, MapItemsOfTheWrongType) {
    EXPECT_EQ(location_of(R"({"QueryLanguage": "JSONata", "StartAt": "M", "States": {
        "M": {"Type": "Map", "Items": "{% true %}", "End": true,
              "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}})"),
              "Items");
}
