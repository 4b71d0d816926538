// DescribeStateMachine (of the machine and of a version) and
// DescribeStateMachineForExecution answer `variableReferences`: state name ->
// the variables it reads, without `$`; left out when no state reads one (as
// AWS answered in the responses LocalStack's snapshot tests recorded).
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html#StepFunctions-DescribeStateMachine-response-variableReferences
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachineForExecution.html#StepFunctions-DescribeStateMachineForExecution-response-variableReferences
#include "sfn_fixture.h"

namespace stepwise::api::testing {
namespace {

using VariableReferences = SfnTest;

constexpr const char* kReadsVariables = R"J({"StartAt":"Set","States":{
    "Set":{"Type":"Pass","Assign":{"who":"you","n":2},"Next":"Use"},
    "Use":{"Type":"Pass","Parameters":{"greeting.$":"States.Format('hi {}', $who)","twice.$":"$n"},"End":true}}})J";

std::string references_of(const Answer& answer) {
    const json::Value* references = answer.body.find("variableReferences");
    return references ? json::dump(*references) : "absent";
}

TEST_F(VariableReferences, DescribeAnswersWhichStateReadsWhichVariables) {
    Answer created = create_machine("Reads", kReadsVariables, {{"publish", true}});
    ASSERT_EQ(created.status, 200) << json::dump(created.body);
    const std::string expected = R"({"Use":["who","n"]})";
    EXPECT_EQ(references_of(call("DescribeStateMachine", json::Object{{"stateMachineArn", created.text("stateMachineArn")}})),
              expected);
    EXPECT_EQ(references_of(call("DescribeStateMachine",
                                 json::Object{{"stateMachineArn", created.text("stateMachineVersionArn")}})),
              expected);

    std::string execution =
        call("StartExecution", json::Object{{"stateMachineArn", created.text("stateMachineArn")}}).text("executionArn");
    wait_done(execution);
    EXPECT_EQ(references_of(call("DescribeStateMachineForExecution", json::Object{{"executionArn", execution}})), expected);
}

TEST_F(VariableReferences, LeftOutWhenNoStateReadsAVariable) {
    std::string arn = create_machine("NoReads").text("stateMachineArn");
    EXPECT_EQ(references_of(call("DescribeStateMachine", json::Object{{"stateMachineArn", arn}})), "absent");
    std::string execution = call("StartExecution", json::Object{{"stateMachineArn", arn}}).text("executionArn");
    wait_done(execution);
    EXPECT_EQ(references_of(call("DescribeStateMachineForExecution", json::Object{{"executionArn", execution}})),
              "absent");
}

}  // namespace
}  // namespace stepwise::api::testing
