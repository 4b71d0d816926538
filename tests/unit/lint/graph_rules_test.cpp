// The graph rules: unreachable states (refused by AWS), loops with no pause,
// Choice states that may match nothing.
#include <gtest/gtest.h>

#include "lint_test_util.h"

namespace stepwise::lint {
namespace {

using test::pointers;

// AWS refuses a state no transition reaches ("MISSING_TRANSITION_TARGET: State
// \"Unreachable pass\" is not reachable. at /States/Unreachable pass", as
// CloudFormation quotes CreateStateMachine in
// https://github.com/aws-cloudformation/cfn-lint/issues/4073 and the AWS CLI in
// https://github.com/localstack/localstack/pull/12487); AWS's guide does not
// say it. asl::compile refuses it too, so lint reports it as an error and no
// rule of its own is needed.
TEST(GraphRules, UnreachableStateIsReportedAsAwsRefusesIt) {
    FileReport report = test::lint_text(R"({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "End": true},
        "Orphan": {"Type": "Pass", "End": true}}})");
    EXPECT_FALSE(report.compiled);
    auto found = test::findings_of(report, "MISSING_TRANSITION_TARGET");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].pointer, "/States/Orphan");
    EXPECT_EQ(found[0].severity, Severity::Error);
    EXPECT_NE(found[0].message.find("is not reachable"), std::string::npos) << found[0].message;
}

// A loop of Pass and Choice states runs with no pause; the execution history
// holds at most 25,000 events:
// https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
constexpr const char* kCounterLoop = R"json({"StartAt": "Init", "States": {
    "Init": {"Type": "Pass", "Result": {"n": 0}, "Next": "Step"},
    "Step": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "More?"},
    "More?": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 10, "Next": "Step"}],
              "Default": "Done"},
    "Done": {"Type": "Succeed"}}})json";

TEST(GraphRules, LoopWithoutWaitIsReportedAtItsChoice) {
    FileReport report = test::lint_text(kCounterLoop);
    auto found = test::findings_of(report, "loop-without-wait");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].pointer, "/States/More?");
    EXPECT_NE(found[0].message.find("\"Step\", \"More?\""), std::string::npos) << found[0].message;
    EXPECT_EQ(found[0].severity, Severity::Warning);
}

TEST(GraphRules, StateGoingToItselfIsALoop) {
    FileReport report = test::lint_text(R"({"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "Spin"}],
                  "Default": "Done"},
        "Spin": {"Type": "Pass", "Next": "Spin"},
        "Done": {"Type": "Succeed"}}})");
    EXPECT_EQ(pointers(report, "loop-without-wait"), std::vector<std::string>{"/States/Spin"});
}

TEST(GraphRules, LoopWithAWaitATaskOrAParallelHoldingATaskIsNotReported) {
    for (std::string pause : {R"({"Type": "Wait", "Seconds": 5, "Next": "More?"})",
                              R"({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                  "Parameters": {"FunctionName": "f"}, "Next": "More?"})",
                              R"({"Type": "Parallel", "Next": "More?", "Branches": [{"StartAt": "T", "States": {
                                  "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                        "Parameters": {"FunctionName": "f"}, "End": true}}}]})"}) {
        FileReport report = test::lint_text(R"({"StartAt": "Step", "States": {
            "Step": )" + pause + R"(,
            "More?": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 10, "Next": "Step"}],
                      "Default": "Done"},
            "Done": {"Type": "Succeed"}}})");
        EXPECT_TRUE(report.compiled) << pause;
        EXPECT_TRUE(test::findings_of(report, "loop-without-wait").empty()) << pause;
    }
}

TEST(GraphRules, LoopInsideABranchIsFound) {
    FileReport report = test::lint_text(R"({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "Step", "States": {
            "Step": {"Type": "Pass", "Next": "More?"},
            "More?": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 10, "Next": "Step"}],
                      "Default": "Done"},
            "Done": {"Type": "Succeed"}}}]}}})");
    EXPECT_EQ(pointers(report, "loop-without-wait"), std::vector<std::string>{"/States/P/Branches/0/States/More?"});
}

// Default is optional but recommended: with no rule matching and no Default the
// Choice state fails. https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
std::string choice_with(const std::string& rules, const std::string& language = "JSONPath") {
    return R"({"QueryLanguage": ")" + language + R"(", "StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Choices": [)" + rules + R"(]},
        "Yes": {"Type": "Succeed"}, "No": {"Type": "Succeed"}}})";
}

TEST(GraphRules, ChoiceWithoutDefaultIsReported) {
    FileReport report = test::lint_text(choice_with(R"({"Variable": "$.n", "NumericEquals": 1, "Next": "Yes"},
                                                       {"Variable": "$.n", "NumericEquals": 2, "Next": "No"})"));
    EXPECT_EQ(pointers(report, "choice-without-default"), std::vector<std::string>{"/States/Check"});
}

TEST(GraphRules, BooleanEqualsTrueAndFalseDoNotCoverEveryInput) {
    // A missing or non-boolean $.done matches neither.
    FileReport report = test::lint_text(choice_with(R"({"Variable": "$.done", "BooleanEquals": true, "Next": "Yes"},
                                                       {"Variable": "$.done", "BooleanEquals": false, "Next": "No"})"));
    EXPECT_EQ(pointers(report, "choice-without-default"), std::vector<std::string>{"/States/Check"});
}

TEST(GraphRules, ChoiceWithDefaultIsNotReported) {
    FileReport report = test::lint_text(R"({"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "Yes"}],
                  "Default": "No"},
        "Yes": {"Type": "Succeed"}, "No": {"Type": "Succeed"}}})");
    EXPECT_TRUE(test::findings_of(report, "choice-without-default").empty());
}

TEST(GraphRules, RulesThatCoverEveryInputNeedNoDefault) {
    for (std::string rules : {
             std::string(R"({"Variable": "$.x", "IsPresent": true, "Next": "Yes"},
                            {"Variable": "$.x", "IsPresent": false, "Next": "No"})"),
             std::string(R"({"Variable": "$.x", "StringEquals": "a", "Next": "Yes"},
                            {"Not": {"Variable": "$.x", "StringEquals": "a"}, "Next": "No"})"),
         }) {
        FileReport report = test::lint_text(choice_with(rules));
        EXPECT_TRUE(report.compiled) << rules;
        EXPECT_TRUE(test::findings_of(report, "choice-without-default").empty()) << rules;
    }
    for (std::string rules : {std::string(R"({"Condition": "{% $states.input.n = 1 %}", "Next": "Yes"},
                                             {"Condition": "{% true %}", "Next": "No"})"),
                              std::string(R"({"Condition": true, "Next": "No"}, {"Condition": "{% false %}", "Next": "Yes"})")}) {
        FileReport report = test::lint_text(choice_with(rules, "JSONata"));
        EXPECT_TRUE(report.compiled) << rules << testing::PrintToString(test::summary(report));
        EXPECT_TRUE(test::findings_of(report, "choice-without-default").empty()) << rules;
    }
}

TEST(GraphRules, DifferentVariablesAreNotComplementary) {
    FileReport report = test::lint_text(choice_with(R"({"Variable": "$.x", "IsPresent": true, "Next": "Yes"},
                                                       {"Variable": "$.y", "IsPresent": false, "Next": "No"})"));
    EXPECT_EQ(pointers(report, "choice-without-default"), std::vector<std::string>{"/States/Check"});
}

}  // namespace
}  // namespace stepwise::lint
