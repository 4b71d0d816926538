// Workflow variables (Assign, $name) and JSONata in the interpreter:
// scoping, evaluation order, $states and States.QueryEvaluationError.
#include <gtest/gtest.h>

#include "driver.h"
#include "json/write.h"

using namespace stepwise;
using namespace stepwise::enginetest;
using engine::Status;

namespace {
std::string out(const Run& r) { return json::dump(r.output()); }
}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
// "All Assign expressions are evaluated with the variable values from before the state":
// swapping two variables in one Assign works.
TEST(Variables, AssignSeesValuesFromBeforeTheState) {
    auto r = run(R"({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": 1, "y": 2}, "Next": "B"},
        "B": {"Type": "Pass", "Assign": {"x.$": "$y", "y.$": "$x"}, "Next": "C"},
        "C": {"Type": "Pass", "Parameters": {"x.$": "$x", "y.$": "$y"}, "End": true}}})",
                 json::Object{});
    ASSERT_EQ(r.status(), Status::Succeeded) << r.cause();
    EXPECT_EQ(out(r), R"({"x":2,"y":1})");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
// In JSONata, Assign and Output both see $states.result and the variables from before the state.
TEST(Variables, JsonataAssignAndOutputSeeOldValuesAndResult) {
    auto r = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"n": 1}, "Next": "T"},
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"v": "{% $n %}"},
              "Assign": {"n": "{% $n + $states.result.v %}"},
              "Output": {"before": "{% $n %}", "result": "{% $states.result.v %}"}, "Next": "E"},
        "E": {"Type": "Pass", "Output": {"after": "{% $n %}", "prev": "{% $states.input %}"}, "End": true}}})",
                 json::Object{});
    ASSERT_EQ(r.status(), Status::Succeeded) << r.cause();
    EXPECT_EQ(out(r), R"({"after":2,"prev":{"before":1,"result":1}})");
    // StateExited of T records what it assigned.
    bool found = false;
    for (const auto& e : r.exec->history()) {
        json::Value j = e.to_json(r.exec->history_context());
        const json::Value* d = j.find("stateExitedEventDetails");
        if (!d || d->find("name")->as_string() != "T") continue;
        found = true;
        EXPECT_EQ(json::dump(*d->find("assignedVariables")), R"({"n":"2"})");
        EXPECT_EQ(json::dump(*d->find("assignedVariablesDetails")), R"({"truncated":false})");
    }
    EXPECT_TRUE(found);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html#variable-scope
// Map iterations and Parallel branches read the outer variables; what they assign stays inside.
TEST(Variables, InnerScopesReadOuterButDoNotWriteIt) {
    auto r = run(R"({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"outer": "o"}, "Result": {"items": [1, 2]}, "Next": "M"},
        "M": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.map", "ItemProcessor": {"StartAt": "I", "States": {
                "I": {"Type": "Pass", "Assign": {"inner.$": "$"}, "Next": "J"},
                "J": {"Type": "Pass", "Parameters": {"o.$": "$outer", "i.$": "$inner"}, "End": true}}},
              "Next": "P"},
        "P": {"Type": "Parallel", "Branches": [
                {"StartAt": "B", "States": {"B": {"Type": "Pass", "Parameters": {"o.$": "$outer"}, "End": true}}}],
              "ResultPath": "$.par", "Next": "Z"},
        "Z": {"Type": "Pass", "Parameters": {"map.$": "$.map", "par.$": "$.par", "outer.$": "$outer"}, "End": true}}})",
                 json::Object{});
    ASSERT_EQ(r.status(), Status::Succeeded) << r.cause();
    EXPECT_EQ(out(r), R"({"map":[{"o":"o","i":1},{"o":"o","i":2}],"par":[{"o":"o"}],"outer":"o"})");
    // `inner` does not exist after the Map.
    auto r2 = run(R"({"StartAt": "M", "States": {
        "M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {
                "I": {"Type": "Pass", "Assign": {"inner": 1}, "End": true}}}, "Next": "Z"},
        "Z": {"Type": "Pass", "Parameters": {"i.$": "$inner"}, "End": true}}})",
                  json::parse("[1]"));
    EXPECT_EQ(r2.status(), Status::Failed);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html ($states reserved variable)
TEST(Jsonata, StatesVariableContents) {
    auto r = run(R"({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"in": "{% $states.input.a %}", "name": "{% $states.context.State.Name %}"},
              "Output": {"input": "{% $states.input %}", "result": "{% $states.result %}"},
              "Next": "F"},
        "F": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Next": "S"}],
              "End": true},
        "S": {"Type": "Succeed"}}})",
                 json::parse(R"({"a": 5})"), [](const std::string& state, int, const json::Value& p) {
                     if (state == "F") return Reply::fail("Boom", "why");
                     return Reply::ok(p);
                 });
    ASSERT_EQ(r.status(), Status::Succeeded) << r.cause();
    EXPECT_EQ(out(r), R"({"Error":"Boom","Cause":"why"})");
    ASSERT_GE(r.calls.size(), 1u);
    EXPECT_EQ(json::dump(r.calls[0].parameters), R"({"in":5,"name":"T"})");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (States.QueryEvaluationError)
TEST(Jsonata, UndefinedResultIsAQueryEvaluationError) {
    auto r = run(R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Pass", "Output": {"x": "{% $nothing %}"}, "End": true}}})",
                 json::Object{});
    EXPECT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "States.QueryEvaluationError");
    EXPECT_EQ(r.cause(),
              "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression "
              "'$nothing' specified for the field 'Output/x' returned nothing (undefined).");
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "PassStateEntered", "EvaluationFailed",
                                                   "ExecutionFailed"}));
}

// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (States.QueryEvaluationError can be caught)
TEST(Jsonata, QueryEvaluationErrorCanBeCaught) {
    auto r = run(R"({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"x": "{% $number('abc') + 1 %}"},
              "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Output": "{% $states.errorOutput.Error %}",
                         "Next": "S"}], "End": true},
        "S": {"Type": "Succeed"}}})",
                 json::Object{});
    EXPECT_EQ(r.status(), Status::Succeeded) << r.cause();
    EXPECT_EQ(out(r), R"("States.QueryEvaluationError")");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (JSONata functions Step Functions adds)
TEST(Jsonata, AwsFunctions) {
    auto r = run(R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Pass", "Output": {
            "partition": "{% $partition([1, 2, 3, 4, 5], 2) %}",
            "range": "{% $range(0, 10, 4) %}",
            "hash": "{% $hash('abc', 'SHA-256') %}",
            "parse": "{% $parse('{\"a\": [1, true]}') %}",
            "uuid": "{% $length($uuid()) %}",
            "seeded": "{% $random(7) = $random(7) %}",
            "unit": "{% $random() >= 0 and $random() < 1 %}"}, "End": true}}})",
                 json::Object{});
    ASSERT_EQ(r.status(), Status::Succeeded) << r.cause();
    EXPECT_EQ(out(r), R"({"partition":[[1,2],[3,4],[5]],"range":[0,4,8],)"
                      R"("hash":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",)"
                      R"("parse":{"a":[1,true]},"uuid":36,"seeded":true,"unit":true})");
    auto bad = run(R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Pass", "Output": "{% $parse(null) %}", "End": true}}})",
                   json::Object{});
    EXPECT_EQ(bad.error(), "States.QueryEvaluationError");
    EXPECT_NE(bad.cause().find("The JSONata expression '$parse(null)' specified for the field 'Output' threw an error "
                               "during evaluation. T0410: "),
              std::string::npos)
        << bad.cause();
}

// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (JSONata functions Step Functions adds)
// $random(seed) is java.util.Random(seed).nextDouble(): values recorded on AWS, $random(42) = 0.7275636800328681
// (https://github.com/floci-io/floci/issues/2662), and the documented examples $range(0, 10, 2) and
// $partition([1..9], 3). The seed makes the value, not the execution: two executions agree.
TEST(Jsonata, AwsFunctionsGiveAwsValues) {
    const std::string definition = R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Pass", "Output": {
            "random42": "{% $random(42) %}",
            "random0": "{% $random(0) %}",
            "range": "{% $range(0, 10, 2) %}",
            "down": "{% $range(10, 0, -5) %}",
            "partition": "{% $partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3) %}",
            "sha1": "{% $hash('input', 'SHA-1') %}"}, "End": true}}})";
    engine::ExecutionConfig one, two;
    one.seed = 1;
    two.seed = 2;
    auto r = run(definition, json::Object{}, nullptr, one), other = run(definition, json::Object{}, nullptr, two);
    ASSERT_EQ(r.status(), Status::Succeeded) << r.cause();
    EXPECT_EQ(r.output().find("random42")->as_double(), 0.7275636800328681);
    // java.util.Random(0).nextDouble(), the same generator's first value for seed 0.
    EXPECT_EQ(r.output().find("random0")->as_double(), 0.730967787376657);
    EXPECT_EQ(json::dump(*r.output().find("range")), "[0,2,4,6,8,10]");
    EXPECT_EQ(json::dump(*r.output().find("down")), "[10,5,0]");
    EXPECT_EQ(json::dump(*r.output().find("partition")), "[[1,2,3],[4,5,6],[7,8,9]]");
    EXPECT_EQ(r.output().find("sha1")->as_string(), "140f86aae51ab9e1cda9b4254fe98a74eb54c1a1");
    EXPECT_EQ(out(r), out(other));
}

// "All built-in JSONata functions and operators in the 2.0.6 specification are supported, with one exception:
// $eval is not available—use $parse instead"
// (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html). AWS does not refuse the definition:
// $eval is unbound, so the state fails when it calls it, with T1006 (recorded with TestState in
// https://github.com/floci-io/floci/issues/2737), an error a Catch can handle.
TEST(Jsonata, EvalIsNotAvailable) {
    auto r = run(R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Pass", "Output": {"r": "{% $eval('1 + 1') %}"}, "End": true}}})",
                 json::Object{});
    EXPECT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "States.QueryEvaluationError");
    EXPECT_NE(r.cause().find("The JSONata expression '$eval('1 + 1')' specified for the field 'Output/r' threw an "
                             "error during evaluation. T1006: "),
              std::string::npos)
        << r.cause();
    auto parsed = run(R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Pass", "Output": "{% $parse('1') + 1 %}", "End": true}}})",
                      json::Object{});
    EXPECT_EQ(out(parsed), "2") << parsed.cause();
}

// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (JSONata functions Step Functions adds)
// $uuid() and $random() draw from the execution evaluating them (its seed), so
// one seed repeats them and another seed changes them, even for one compiled Machine.
TEST(Jsonata, UuidAndRandomDrawFromTheExecutionsSeed) {
    const std::string definition = R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Pass", "Output": {"uuid": "{% $uuid() %}", "random": "{% $random() %}"}, "End": true}}})";
    auto with_seed = [&](uint64_t seed) {
        engine::ExecutionConfig config;
        config.seed = seed;
        return run(definition, json::Object{}, nullptr, config);
    };
    enginetest::Run a = with_seed(1), again = with_seed(1), other = with_seed(2);
    ASSERT_EQ(a.status(), Status::Succeeded) << a.cause();
    EXPECT_EQ(out(a), out(again));
    EXPECT_NE(a.output().find("uuid")->as_string(), other.output().find("uuid")->as_string());
    EXPECT_NE(out(a), out(other));
    std::string uuid(a.output().find("uuid")->as_string());
    ASSERT_EQ(uuid.size(), 36u) << uuid;
    EXPECT_EQ(uuid[8], '-');
    EXPECT_EQ(uuid[14], '4') << uuid;  // version 4
    EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos) << uuid;  // RFC 4122 variant
}

// https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
// A matched rule's Assign, and the state-level Assign "regardless of which choice rule matches".
TEST(Variables, ChoiceRuleAndStateAssign) {
    auto r = run(R"({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Assign": {"always": "yes", "which": "default"},
              "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Assign": {"which": "rule"}, "Next": "E"}],
              "Default": "E"},
        "E": {"Type": "Pass", "Parameters": {"always.$": "$always", "which.$": "$which"}, "End": true}}})",
                 json::parse(R"({"n": 1})"));
    ASSERT_EQ(r.status(), Status::Succeeded) << r.cause();
    EXPECT_EQ(out(r), R"({"always":"yes","which":"rule"})");
    auto d = run(R"({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Assign": {"which": "default"},
              "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Assign": {"which": "rule"}, "Next": "E"}],
              "Default": "E"},
        "E": {"Type": "Pass", "Parameters": {"which.$": "$which"}, "End": true}}})",
                 json::parse(R"({"n": 2})"));
    EXPECT_EQ(out(d), R"({"which":"default"})");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html (variable size quotas)
TEST(Variables, SizeQuota) {
    json::Object in;
    in.set("half", json::Value(std::string(150 * 1024, 'y')));
    auto one = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass",
                       "Assign": {"v": "{% $states.input.half & $states.input.half %}"}, "Output": 1, "End": true}}})",
                   json::Value(in));
    EXPECT_EQ(one.error(), "States.DataLimitExceeded");
    EXPECT_NE(one.cause().find("exceeds the maximum size of 256 KiB"), std::string::npos) << one.cause();
    auto two = run(R"({"StartAt": "A", "States": {"A": {"Type": "Pass",
                       "Assign": {"a.$": "$.half", "b.$": "$.half"}, "End": true}}})",
                   json::Value(in));
    EXPECT_EQ(two.error(), "States.DataLimitExceeded");
    EXPECT_NE(two.cause().find("combined size"), std::string::npos) << two.cause();
    auto ok = run(R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"a.$": "$.half"}, "Next": "B"},
                      "B": {"Type": "Pass", "Assign": {"b.$": "$.half"}, "End": true}}})",
                  json::Value(in));
    EXPECT_EQ(ok.status(), Status::Succeeded) << ok.cause();
}

// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (States.QueryEvaluationError)
// A runaway expression (an endless tail-recursive loop) ends as a QueryEvaluationError, never a hang.
TEST(Jsonata, RunawayExpressionIsBounded) {
    auto r = run(R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
        "S": {"Type": "Pass", "Output": "{% ($f := function($n){ $f($n + 1) }; $f(0)) %}", "End": true}}})",
                 json::Object{});
    EXPECT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "States.QueryEvaluationError");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
// Expressions are parsed when the definition is compiled: a syntax error is a located definition error,
// INVALID_JSONATA_EXPRESSION with the parser's message (AWS's answers: https://github.com/floci-io/floci/issues/2745).
TEST(Jsonata, SyntaxErrorsAreDefinitionErrors) {
    auto r = asl::compile(std::string_view(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Output": {"x": "{% $states.input.( %}"}, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% 1 = %}", "Next": "E"}], "Default": "E"},
        "E": {"Type": "Succeed"}}})"));
    ASSERT_FALSE(r.ok());
    std::string all;
    for (const auto& d : r.errors) all += d.to_string() + "\n";
    EXPECT_NE(all.find("/States/A/Output/x"), std::string::npos) << all;
    EXPECT_NE(all.find("/States/C/Choices/0/Condition"), std::string::npos) << all;
    EXPECT_NE(all.find("INVALID_JSONATA_EXPRESSION: Unexpected end of expression at /States/C/Choices/0/Condition"),
              std::string::npos)
        << all;
}
