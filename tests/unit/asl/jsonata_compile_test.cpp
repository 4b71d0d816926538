// JSONata expressions are compiled once, with the definition, and kept in the
// Machine: the engine evaluates the compiled tree and never parses text.
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
#include "asl_test_util.h"

using namespace stepwise;
using namespace stepwise::asl;
using Kind = JsonataNode::Kind;

namespace {

std::shared_ptr<const Machine> compiled(const std::string& definition) {
    CompileResult r = compile(definition);
    EXPECT_COMPILES(r);
    return r.machine;
}

}  // namespace

TEST(AslJsonata, FieldExpressionsAreCompiledIntoTheMachine) {
    auto m = compiled(R"({"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Pass", "Output": {"fixed": {"a": [1, "two"]}, "sum": "{%  1 + 2 %}", "list": ["x", "{% $x %}"]},
              "Assign": {"x": "{% $states.input %}", "y": 3}, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% $x %}", "Next": "W"}], "Default": "F"},
        "W": {"Type": "Wait", "Seconds": "{% 1 %}", "Next": "F"},
        "F": {"Type": "Fail", "Error": "{% 'E' %}", "Cause": "plain"}}})");
    ASSERT_TRUE(m);
    const State& pass = *m->all_states.at("P");
    const JsonataNode& output = pass.output->compiled;
    ASSERT_EQ(output.kind, Kind::Object);
    ASSERT_EQ(output.names, (std::vector<std::string>{"fixed", "sum", "list"}));
    // A subtree without expressions is one shared constant.
    EXPECT_EQ(output.children[0].kind, Kind::Constant);
    EXPECT_EQ(output.children[0].constant.find("a")->as_array().size(), 2u);
    const JsonataNode& sum = output.children[1];
    ASSERT_EQ(sum.kind, Kind::Expression);
    ASSERT_TRUE(sum.expression);
    EXPECT_FALSE(sum.invalid);
    EXPECT_EQ(sum.text, "1 + 2");
    EXPECT_EQ(sum.where, "/sum");
    EXPECT_EQ(output.children[2].kind, Kind::Array);
    EXPECT_EQ(output.children[2].children[1].where, "/list/1");

    ASSERT_TRUE(pass.assign);
    EXPECT_EQ(pass.assign->jsonata.compiled.kind, Kind::Object);
    EXPECT_TRUE(pass.assign->jsonata.compiled.children[0].expression);

    const auto& choice = m->all_states.at("C")->as<ChoiceState>();
    EXPECT_TRUE(choice.choices[0].condition->compiled.expression);
    EXPECT_TRUE(m->all_states.at("W")->as<WaitState>().seconds.jsonata->compiled.expression);
    const auto& fail = m->all_states.at("F")->as<FailState>();
    EXPECT_TRUE(fail.error_jsonata->compiled.expression);
    EXPECT_EQ(fail.cause_jsonata->compiled.kind, Kind::Constant);
}

// Two Machines of one definition each own their expressions (nothing is
// shared through a process-wide table that outlives them).
TEST(AslJsonata, EachMachineOwnsItsExpressions) {
    const std::string definition = R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}})";
    auto first = compiled(definition), second = compiled(definition);
    ASSERT_TRUE(first && second);
    EXPECT_NE(first->all_states.at("A")->output->compiled.expression,
              second->all_states.at("A")->output->compiled.expression);
}

// Every JSONata field is parsed with the definition, the numeric ones (Seconds,
// TimeoutSeconds, ...), a Wait's Timestamp and a Fail's Error/Cause too: AWS
// "parses every JSONata expression in a definition before storing it"
// (https://github.com/floci-io/floci/issues/2745, recorded against AWS).
TEST(AslJsonata, EveryFieldsSyntaxErrorIsADefinitionError) {
    CompileResult r = compile(R"({"QueryLanguage": "JSONata", "StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": "{% 1 + %}", "Next": "T"},
        "T": {"Type": "Wait", "Timestamp": "{% $states.input.t ?? '2024-01-01T00:00:00Z' %}", "Next": "F"},
        "F": {"Type": "Fail", "Error": "{% 'E' & %}", "Cause": "{% $states.input.c ?: 'none' %}"}}})");
    ASSERT_FALSE(r.ok());
    EXPECT_ASL_ERROR(r, "/States/W/Seconds", "INVALID_JSONATA_EXPRESSION", "Unexpected end of expression");
    EXPECT_ASL_ERROR(r, "/States/T/Timestamp", "INVALID_JSONATA_EXPRESSION", "?");
    EXPECT_ASL_ERROR(r, "/States/F/Error", "INVALID_JSONATA_EXPRESSION", "Unexpected end of expression");
    EXPECT_ASL_ERROR(r, "/States/F/Cause", "INVALID_JSONATA_EXPRESSION", ":");
}

// "Step Functions supports JSONata version 2.0.6"
// (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html): the `??` and `?:` operators came in
// jsonata-js 2.1.0 (https://github.com/jsonata-js/jsonata/pull/755), so a definition using them does not parse. AWS
// refuses an expression that does not parse when the definition is created, as
// "INVALID_JSONATA_EXPRESSION: <the parser's message> at <pointer>" (recorded against AWS in
// https://github.com/floci-io/floci/issues/2745).
TEST(AslJsonata, OperatorsNewerThanAwsJsonataAreDefinitionErrors) {
    CompileResult r = compile(R"({"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Pass", "Output": {"a": "{% $states.input.a ?? 1 %}"}, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.b ?: false %}", "Next": "E"}],
              "Default": "E"},
        "E": {"Type": "Succeed"}}})");
    ASSERT_FALSE(r.ok());
    EXPECT_ASL_ERROR(r, "/States/P/Output/a", "INVALID_JSONATA_EXPRESSION", "The symbol ? cannot be used as a unary operator");
    EXPECT_ASL_ERROR(r, "/States/C/Choices/0/Condition", "INVALID_JSONATA_EXPRESSION",
                     "The symbol : cannot be used as a unary operator");
    for (const Diagnostic& d : r.errors) EXPECT_EQ(d.message.find("S0211"), std::string::npos) << d.to_string();
}

// The same definition written with 2.0.6's conditional compiles.
TEST(AslJsonata, TheConditionalOf206Compiles) {
    compiled(R"({"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Pass", "Output": {"a": "{% $exists($states.input.a) ? $states.input.a : 1 %}"}, "End": true}}})");
}
