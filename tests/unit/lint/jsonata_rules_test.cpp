// The JSONata rules (src/lint/rules_jsonata.cpp). What they follow is on
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html:
// Step Functions runs JSONata 2.0.6 with every built-in function but $eval,
// adds $partition, $range, $hash, $random, $uuid and $parse, and gives
// `$states` the fields input and context everywhere, result in the Output and
// Assign of a Task, Parallel or Map, and errorOutput in a Catcher's.
#include <gtest/gtest.h>

#include "lint_test_util.h"

namespace stepwise::lint {
namespace {

using test::findings_of;

FileReport lint_jsonata(const std::string& states) {
    return test::lint_text(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {)" + states + "}}");
}

std::string pass_output(const std::string& expression) {
    return R"("A": {"Type": "Pass", "Output": ")" + expression + R"(", "End": true})";
}

TEST(JsonataUnknownFunction, AMisspeltFunctionIsAnErrorWithTheNearestName) {
    FileReport report = lint_jsonata(pass_output("{% $uppercse($states.input.name) %}"));
    ASSERT_TRUE(report.compiled);
    auto found = findings_of(report, "jsonata-unknown-function");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].severity, Severity::Error);
    EXPECT_EQ(found[0].pointer, "/States/A/Output");
    EXPECT_NE(found[0].message.find("$uppercse"), std::string::npos);
    EXPECT_EQ(found[0].hint, "did you mean $uppercase?");
    EXPECT_TRUE(findings_of(report, "variable-undefined").empty()) << "a call is not a variable read";
}

TEST(JsonataUnknownFunction, LibraryAwsAndBoundFunctionsAreKnown) {
    FileReport report = lint_jsonata(pass_output(
        "{% ($double := function($x) { $x * 2 }; [$uppercase('a'), $partition([1,2,3], 2), $uuid(), $double(2), "
        "$map([1], function($v, $i, $a) { $v })]) %}"));
    ASSERT_TRUE(report.compiled);
    EXPECT_TRUE(report.findings.empty()) << testing::PrintToString(test::summary(report));
}

TEST(JsonataUnknownFunction, AWorkflowVariableIsNoFunction) {
    // Variables hold JSON: calling one fails at run time like calling any value.
    FileReport report = lint_jsonata(R"("A": {"Type": "Pass", "Assign": {"fmt": "x"}, "Next": "B"},)" +
                                     std::string(R"("B": {"Type": "Pass", "Output": "{% $fmt('y') %}", "End": true})"));
    ASSERT_TRUE(report.compiled);
    auto found = findings_of(report, "jsonata-unknown-function");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].pointer, "/States/B/Output");
}

TEST(JsonataArgumentCount, TooFewOrTooManyArgumentsAreErrors) {
    FileReport report = lint_jsonata(R"("A": {"Type": "Pass", "Output": {"a": "{% $substring() %}",
        "b": "{% $hash('x') %}", "c": "{% $uuid(1) %}", "d": "{% $states.input.s ~> $substring(1, 2, 3) %}"},
        "End": true})");
    ASSERT_TRUE(report.compiled);
    auto found = findings_of(report, "jsonata-argument-count");
    ASSERT_EQ(found.size(), 4u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].pointer, "/States/A/Output/a");
    EXPECT_NE(found[0].message.find("takes 1 to 3 arguments"), std::string::npos) << found[0].message;
    EXPECT_NE(found[1].message.find("takes 2 arguments"), std::string::npos) << found[1].message;
    EXPECT_NE(found[2].message.find("takes 0 arguments"), std::string::npos) << found[2].message;
    EXPECT_EQ(found[3].pointer, "/States/A/Output/d");  // the piped value is the first of four
}

TEST(JsonataArgumentCount, OptionalContextAndVariadicArgumentsAreCounted) {
    FileReport report = lint_jsonata(pass_output(
        // $random's seed is AWS's addition to the library's $random().
        "{% [$substring('abc', 1), $states.input.s.$substring(1), $random(), $random(7), $zip([1], [2], [3]), "
        "$states.input.s ~> $trim, $substring(?, 0, 1)('abc')] %}"));
    ASSERT_TRUE(report.compiled);
    EXPECT_TRUE(report.findings.empty()) << testing::PrintToString(test::summary(report));
}

TEST(JsonataForbiddenFunction, EvalIsAnError) {
    FileReport report = lint_jsonata(pass_output("{% $eval('1 + 1') %}"));
    ASSERT_TRUE(report.compiled);
    auto found = findings_of(report, "jsonata-forbidden-function");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].severity, Severity::Error);
    EXPECT_NE(found[0].hint.find("$parse"), std::string::npos);
    EXPECT_TRUE(findings_of(report, "jsonata-unknown-function").empty());
    EXPECT_TRUE(findings_of(lint_jsonata(pass_output("{% $parse('1') %}")), "jsonata-forbidden-function").empty());
}

TEST(JsonataStatesField, ResultOnlyAfterATaskParallelOrMapsWork) {
    FileReport report = lint_jsonata(R"("A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "f", "Payload": "{% $states.result %}"},
        "Output": "{% $states.result.Payload %}", "Assign": {"r": "{% $states.result %}"}, "Next": "B"},
        "B": {"Type": "Pass", "Output": "{% [$r, $states.result] %}", "End": true})");
    ASSERT_TRUE(report.compiled);
    auto found = findings_of(report, "jsonata-states-field");
    ASSERT_EQ(found.size(), 2u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].severity, Severity::Error);
    EXPECT_EQ(found[0].pointer, "/States/A/Arguments/Payload");
    EXPECT_EQ(found[1].pointer, "/States/B/Output");
}

// `$states.errorOutput` outside a Catcher does not compile (AWS refuses it:
// tests/unit/asl/aws_agreement_test.cpp), so lint sees it only where it exists.
TEST(JsonataStatesField, ErrorOutputOnlyInACatcher) {
    FileReport report = lint_jsonata(R"("A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "f"}, "Output": "{% $states.result.Payload %}", "End": true,
        "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput.Cause %}",
                   "Assign": {"e": "{% $states.errorOutput %}"}, "Next": "B"}]},
        "B": {"Type": "Pass", "Output": "{% [$e, $states.input, $states.context.Execution.Id, $states.inptu] %}", "End": true})");
    ASSERT_TRUE(report.compiled);
    auto found = findings_of(report, "jsonata-states-field");
    ASSERT_EQ(found.size(), 1u) << testing::PrintToString(test::summary(report));
    EXPECT_EQ(found[0].pointer, "/States/B/Output");
    EXPECT_NE(found[0].message.find("no field 'inptu'"), std::string::npos) << found[0].message;
}

TEST(JsonataSyntax, OperatorsAfterJsonata206AreRefusedBeforeAnyRule) {
    // `??` and `?:` came with jsonata-js 2.1.0; AWS runs 2.0.6.
    for (const char* expression : {"{% $states.input.a ?? 1 %}", "{% $states.input.a ?: 1 %}"}) {
        FileReport report = lint_jsonata(pass_output(expression));
        EXPECT_FALSE(report.compiled) << expression;
        auto found = findings_of(report, "INVALID_JSONATA_EXPRESSION");
        ASSERT_EQ(found.size(), 1u) << expression << testing::PrintToString(test::summary(report));
        EXPECT_EQ(found[0].severity, Severity::Error);
        EXPECT_EQ(found[0].pointer, "/States/A/Output");
    }
    EXPECT_TRUE(lint_jsonata(pass_output("{% $states.input.a ? 1 : 2 %}")).compiled);
}

}  // namespace
}  // namespace stepwise::lint
