// The variables rules (src/lint/rules_variables.cpp). What they follow is on
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html:
// a state's Assign (and Output) read the values from before the state, new
// values are visible from the next state on; Parallel branches and Map
// iterations read outer variables but not each other's, and theirs go out of
// scope when they end; a Distributed Map's child workflows cannot read outer
// variables; a Catcher's Assign assigns in the scope around the state.
#include <gtest/gtest.h>

#include "lint_test_util.h"

namespace stepwise::lint {
namespace {

using test::findings_of;
using test::lint_text;

TEST(VariableUndefined, AMisspeltNameIsAnErrorWithTheNearestAssignedName) {
    // The issue's motivating case: only $total is assigned, $totl is read.
    FileReport report = lint_text(R"({"QueryLanguage": "JSONata", "StartAt": "Sum", "States": {
        "Sum": {"Type": "Pass", "Assign": {"total": 3}, "Next": "Use"},
        "Use": {"Type": "Pass", "Output": {"amount": "{% $totl %}"}, "End": true}}})");
    ASSERT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    auto found = findings_of(report, "variable-undefined");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].severity, Severity::Error);
    EXPECT_EQ(found[0].pointer, "/States/Use/Output/amount");
    EXPECT_NE(found[0].message.find("\"Use\""), std::string::npos) << found[0].message;
    EXPECT_EQ(found[0].hint, "did you mean $total?");
    EXPECT_TRUE(findings_of(report, "variable-unused").size() == 1u);  // $total is never read
}

TEST(VariableUndefined, AReadBeforeEveryPathAssignsIsAnError) {
    // The Choice's default path reaches Use without assigning $x.
    FileReport report = lint_text(R"({"StartAt": "Pick", "States": {
        "Pick": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "Set"}], "Default": "Use"},
        "Set": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Use"},
        "Use": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": true}}})");
    ASSERT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    EXPECT_TRUE(findings_of(report, "variable-undefined").empty()) << "some path assigns $x: may be assigned";

    FileReport later = lint_text(R"({"StartAt": "Use", "States": {
        "Use": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "Next": "Set"},
        "Set": {"Type": "Pass", "Assign": {"x": 1}, "End": true}}})");
    ASSERT_TRUE(later.compiled) << testing::PrintToString(test::summary(later));
    auto found = findings_of(later, "variable-undefined");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].pointer, "/States/Use/Parameters");
    EXPECT_NE(found[0].message.find("no path from StartAt in the top level assigns it first"), std::string::npos) << found[0].message;
}

TEST(VariableUndefined, AStateOwnAssignReadsTheValuesFromBeforeIt) {
    FileReport report = lint_text(R"({"QueryLanguage": "JSONata", "StartAt": "Count", "States": {
        "Count": {"Type": "Pass", "Assign": {"n": "{% $n + 1 %}"}, "Output": "{% $n %}", "End": true}}})");
    ASSERT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(findings_of(report, "variable-undefined").size(), 2u) << testing::PrintToString(test::summary(report));

    FileReport loop = lint_text(R"({"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"n": 0}, "Next": "Count"},
        "Count": {"Type": "Pass", "Assign": {"n": "{% $n + 1 %}"}, "Next": "Again"},
        "Again": {"Type": "Choice", "Choices": [{"Condition": "{% $n < 3 %}", "Next": "Count"}], "Default": "Done"},
        "Done": {"Type": "Succeed"}}})");
    ASSERT_TRUE(loop.compiled) << testing::PrintToString(test::summary(loop));
    EXPECT_TRUE(findings_of(loop, "variable-undefined").empty()) << testing::PrintToString(test::summary(loop));
}

TEST(VariableUndefined, ChoiceRulesAndCatchersAssignOnTheirOwnTransition) {
    const char* definition = R"({"QueryLanguage": "JSONata", "StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f"},
                 "Assign": {"ok": true}, "Next": "After",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"failure": "{% $states.errorOutput %}"}, "Next": "Failed"}]},
        "After": {"Type": "Pass", "Output": "{% $ok %}", "End": true},
        "Failed": {"Type": "Pass", "Output": "{% [$failure, $ok] %}", "End": true}}})";
    FileReport report = lint_text(definition);
    ASSERT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    auto found = findings_of(report, "variable-undefined");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].pointer, "/States/Failed/Output") << "the Task's Assign does not run when it is caught";
    EXPECT_NE(found[0].message.find("$ok"), std::string::npos);
}

TEST(VariableUndefined, ParallelBranchesAndInlineMapsReadOuterVariables) {
    // As AWS ran it: assign/reference_assign__BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE and
    // assign/base_parallel_cases__BASE_SCOPE_PARALLEL in ../shared/conformance/asl.
    FileReport report = lint_text(R"({"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"bias": 4}, "Next": "Both"},
        "Both": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "Parameters": {"b.$": "$bias"}, "End": true}}},
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {
                "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I",
                "States": {"I": {"Type": "Pass", "Parameters": {"b.$": "$bias"}, "End": true}}}}}}]}}})");
    ASSERT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    EXPECT_TRUE(findings_of(report, "variable-undefined").empty()) << testing::PrintToString(test::summary(report));
    EXPECT_TRUE(findings_of(report, "variable-out-of-scope").empty());
    EXPECT_TRUE(findings_of(report, "variable-unused").empty());
}

TEST(VariableOutOfScope, ADistributedMapChildCannotReadOuterVariables) {
    const char* definition = R"({"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"bias": 4}, "Next": "Each"},
        "Each": {"Type": "Map", "End": true, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I",
            "States": {"I": {"Type": "Pass", "Parameters": {"b.$": "$bias"}, "End": true}}}}}})";
    FileReport report = lint_text(definition);
    ASSERT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    auto found = findings_of(report, "variable-out-of-scope");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].severity, Severity::Error);
    EXPECT_EQ(found[0].pointer, "/States/Each/ItemProcessor/States/I/Parameters");
    EXPECT_NE(found[0].message.find("Distributed Map"), std::string::npos) << found[0].message;
    EXPECT_TRUE(findings_of(report, "variable-undefined").empty());
}

TEST(VariableOutOfScope, AnotherBranchsOrAFinishedIterationsVariablesAreHidden) {
    FileReport report = lint_text(R"({"StartAt": "Both", "States": {
        "Both": {"Type": "Parallel", "Next": "After", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"fromA": 1}, "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "Parameters": {"a.$": "$fromA"}, "End": true}}}]},
        "After": {"Type": "Pass", "Parameters": {"a.$": "$fromA"}, "End": true}}})");
    ASSERT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    auto found = findings_of(report, "variable-out-of-scope");
    ASSERT_EQ(found.size(), 2u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].pointer, "/States/Both/Branches/1/States/B/Parameters");
    EXPECT_EQ(found[1].pointer, "/States/After/Parameters");
    EXPECT_NE(found[0].message.find("branch 0 of Parallel \"Both\""), std::string::npos) << found[0].message;
    EXPECT_TRUE(findings_of(report, "variable-undefined").empty());
}

TEST(VariableUnused, AnAssignmentNoStateThatCanSeeItReads) {
    FileReport report = lint_text(R"({"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"used": 1, "spare.$": "$.a"}, "Next": "Use"},
        "Use": {"Type": "Pass", "Parameters": {"u.$": "$used"}, "End": true}}})");
    ASSERT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    auto found = findings_of(report, "variable-unused");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].severity, Severity::Warning);
    EXPECT_EQ(found[0].pointer, "/States/Set/Assign/spare.$");
    EXPECT_NE(found[0].message.find("$spare"), std::string::npos);
}

TEST(VariableUnused, ABranchVariableReadOnlyOutsideTheBranchIsUnused) {
    FileReport report = lint_text(R"({"StartAt": "Both", "States": {
        "Both": {"Type": "Parallel", "Next": "After", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"inner": 1}, "End": true}}}]},
        "After": {"Type": "Pass", "Parameters": {"a.$": "$inner"}, "End": true}}})");
    ASSERT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    auto found = findings_of(report, "variable-unused");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].pointer, "/States/Both/Branches/0/States/A/Assign/inner");
}

TEST(VariableShadowed, AnInnerScopeAssigningAnOuterNameIsAWarning) {
    const char* shadowing = R"({"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Each"},
        "Each": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I",
            "States": {"I": {"Type": "Pass", "Assign": {"x": 2}, "Parameters": {"x.$": "$x"}, "End": true}}},
            "Next": "Use"},
        "Use": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": true}}})";
    FileReport report = lint_text(shadowing);
    ASSERT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    auto found = findings_of(report, "variable-shadowed");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].severity, Severity::Warning);
    EXPECT_EQ(found[0].pointer, "/States/Each/ItemProcessor/States/I/Assign/x");
    EXPECT_NE(found[0].message.find("the top level"), std::string::npos) << found[0].message;

    // Sibling branches may use one name; a Distributed Map's child sees no outer name to shadow.
    FileReport siblings = lint_text(R"({"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Both"},
        "Both": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"y": "$x"}, "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Map", "End": true, "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "I",
                "States": {"I": {"Type": "Pass", "Assign": {"x": 2}, "End": true}}}}}}]}}})");
    ASSERT_TRUE(siblings.compiled) << testing::PrintToString(test::summary(siblings));
    EXPECT_TRUE(findings_of(siblings, "variable-shadowed").empty()) << testing::PrintToString(test::summary(siblings));
}

// A workflow variable named like a JSONata function ($count, $keys) shadows it
// in the states that read it, as the engine and AWS bind it: it is read, not
// unused. Where no state assigns such a name, `$count(...)` is the function.
TEST(VariableRules, AVariableNamedLikeAFunctionIsReadWhereItIsUsed) {
    FileReport report = lint_text(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"count": 3, "keys": ["a"]}, "Next": "B"},
        "B": {"Type": "Pass", "Output": {"n": "{% $count + 1 %}", "k": "{% $keys[0] %}"}, "End": true}}})");
    ASSERT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    EXPECT_TRUE(findings_of(report, "variable-unused").empty()) << testing::PrintToString(test::summary(report));
    FileReport functions = lint_text(R"({"QueryLanguage": "JSONata", "StartAt": "B", "States": {
        "B": {"Type": "Pass", "Output": "{% $count([1, 2]) %}", "End": true}}})");
    EXPECT_TRUE(functions.findings.empty()) << testing::PrintToString(test::summary(functions));
}

// Credentials' RoleArn is JSONata in a JSONata state: what it reads counts.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
TEST(VariableRules, CredentialsReadVariables) {
    FileReport report = lint_text(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"role": "arn:aws:iam::123456789012:role/r"}, "Next": "T"},
        "T": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets", "Arguments": {},
              "Credentials": {"RoleArn": "{% $role %}"}, "End": true}}})");
    ASSERT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    EXPECT_TRUE(findings_of(report, "variable-unused").empty()) << testing::PrintToString(test::summary(report));
    FileReport misspelt = lint_text(R"({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets", "Arguments": {},
              "Credentials": {"RoleArn": "{% $rol %}"}, "End": true}}})");
    ASSERT_EQ(findings_of(misspelt, "variable-undefined").size(), 1u) << testing::PrintToString(test::summary(misspelt));
    EXPECT_EQ(findings_of(misspelt, "variable-undefined")[0].pointer, "/States/T/Credentials/RoleArn");
}

TEST(VariableRules, StatesIsNotAVariable) {
    FileReport report = lint_text(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}})");
    ASSERT_TRUE(report.compiled) << testing::PrintToString(test::summary(report));
    EXPECT_TRUE(report.findings.empty()) << testing::PrintToString(test::summary(report));
}

}  // namespace
}  // namespace stepwise::lint
