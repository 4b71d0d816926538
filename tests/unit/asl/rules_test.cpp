// One located error per validation rule. AWS sources:
//  codes:  https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html
//  states: https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
//  retry:  https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
//  JSONata fields: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
//  limits: https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
//  AWS wording "Missing 'Next' target: X at /States/Y/Next" and "State \"X\" is not reachable."
//  (both MISSING_TRANSITION_TARGET): https://github.com/localstack/localstack/pull/12487
//  "Field 'X' is not supported" at the state: https://github.com/floci-io/floci/issues/2735
//  JSONata/JSONPath field messages: https://github.com/floci-io/floci/issues/2968
#include "asl_test_util.h"

using namespace stepwise;
using namespace stepwise::asl;
using namespace stepwise::asl::testing;

namespace {
constexpr const char* kSchema = "SCHEMA_VALIDATION_FAILED";
constexpr const char* kTarget = "MISSING_TRANSITION_TARGET";
CompileResult c(const std::string& text) { return compile(std::string_view(text)); }
}  // namespace

TEST(AslRules, TextProblems) {
    EXPECT_ASL_ERROR(c("  "), "", "MISSING_DESCRIPTION", "empty");
    EXPECT_ASL_ERROR(c("{\"StartAt\": }"), "", "INVALID_JSON_DESCRIPTION", "Invalid JSON");
    EXPECT_ASL_ERROR(c("[1]"), "", kSchema, "must be an object, not an array");
}

TEST(AslRules, DiagnosticText) {
    Diagnostic d{"/States/A/Next", "MISSING_TRANSITION_TARGET", "Missing 'Next' target: B"};
    EXPECT_EQ(d.to_string(), "MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next");
    EXPECT_EQ((Diagnostic{"", "SCHEMA_VALIDATION_FAILED", "x"}).to_string(), "SCHEMA_VALIDATION_FAILED: x at /");
}

TEST(AslRules, TopLevel) {
    EXPECT_ASL_ERROR(c(R"({"States":{}})"), "", kSchema, "These fields are required: [StartAt]");
    EXPECT_ASL_ERROR(c(R"({"StartAt":"A","States":{}})"), "/States", kSchema, "at least one state");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Succeed"})", R"("Version":"2.0",)")), "/Version", kSchema, "\"1.0\"");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Succeed"})", R"("TimeoutSeconds":0,)")), "/TimeoutSeconds", kSchema,
                     "between 1 and 99999999");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Succeed"})", R"("QueryLanguage":"XPath",)")), "/QueryLanguage", kSchema,
                     "\"JSONPath\" or \"JSONata\"");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Succeed"})", R"("Foo":1,)")), "", kSchema, "Field 'Foo' is not supported");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Succeed"})", R"("Comment":5,)")), "/Comment", kSchema, "must be a string");
}

TEST(AslRules, Transitions) {
    EXPECT_ASL_ERROR(c(R"({"StartAt":"X","States":{"A":{"Type":"Succeed"}}})"), "/StartAt", kTarget,
                     "Missing 'Next' target: X");
    EXPECT_ASL_ERROR(c(R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}})"), "/States/A/Next", kTarget,
                     "Missing 'Next' target: B");
    EXPECT_ASL_ERROR(c(R"({"StartAt":"A","States":{"A":{"Type":"Pass","End":true},"B":{"Type":"Pass","End":true}}})"),
                     "/States/B", kTarget, "State \"B\" is not reachable.");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass"})")), "/States/S", kSchema, "either 'Next' or \"End\": true");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":false})")), "/States/S", kSchema, "either 'Next'");
    EXPECT_ASL_ERROR(c(R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"A","End":true}}})"), "/States/A",
                     kSchema, "cannot be used together");
    EXPECT_ASL_ERROR(c(R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"A"}}})"), "", "MISSING_END_STATE",
                     "no terminal state");
    for (const char* type : {"Succeed", "Fail"})
        EXPECT_ASL_ERROR(c(R"({"StartAt":"A","States":{"A":{"Type":")" + std::string(type) +
                           R"(","Next":"A"}}})"),
                         "/States/A", kSchema, "Field 'Next' is not supported");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Succeed","End":true})")), "/States/S", kSchema,
                     "Field 'End' is not supported");
    // Choice targets and Catch targets are checked too.
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"Next":"Z"}],"Default":"Y"})")),
                     "/States/S/Choices/0/Next", kTarget, "Missing 'Next' target: Z");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"Next":"S"}],"Default":"Y"})")),
                     "/States/S/Default", kTarget, "Missing 'Next' target: Y");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Q"}]})")),
                     "/States/S/Catch/0/Next", kTarget, "Missing 'Next' target: Q");
}

TEST(AslRules, StateNames) {
    std::string long_name(81, 'x');
    EXPECT_ASL_ERROR(c(R"({"StartAt":")" + long_name + R"(","States":{")" + long_name + R"(":{"Type":"Succeed"}}})"),
                     "/States/" + long_name, "INVALID_STATE_NAME", "longer than 80 characters");
    // 80 characters that are not ASCII are fine.
    std::string eighty;
    for (int i = 0; i < 80; ++i) eighty += "\xC3\xA9";
    EXPECT_COMPILES(c(R"({"StartAt":")" + eighty + R"(","States":{")" + eighty + R"(":{"Type":"Succeed"}}})"));
    EXPECT_ASL_ERROR(c(R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
        {"StartAt":"P","States":{"P":{"Type":"Succeed"}}}]}}})"),
                     "/States/P/Branches/0/States/P", "DUPLICATE_STATE_NAME", "Duplicate State name: P");
}

TEST(AslRules, DuplicateNamesInOneStatesObject) {
    // The parsed value keeps only the last of two equal keys; the text shows both.
    CompileResult r = c(R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"},
        "A":{"Type":"Succeed"}}})");
    EXPECT_ASL_ERROR(r, "/States/A", "DUPLICATE_STATE_NAME", "Duplicate State name: A");
    CompileResult nested = c(R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
        {"StartAt":"X","States":{"X":{"Type":"Succeed"},"X":{"Type":"Succeed"}}}]}}})");
    EXPECT_ASL_ERROR(nested, "/States/P/Branches/0/States/X", "DUPLICATE_STATE_NAME", "Duplicate State name: X");
    // A state called "States" with ordinary fields is fine.
    EXPECT_COMPILES(c(R"({"StartAt":"States","States":{"States":{"Type":"Pass","Result":{"a":1},"End":true}}})"));
}

TEST(AslRules, StateShape) {
    EXPECT_ASL_ERROR(c(one_state("3")), "/States/S", kSchema, "A state must be an object");
    EXPECT_ASL_ERROR(c(one_state(R"({"End":true})")), "/States/S", kSchema, "These fields are required: [Type]");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Lambda"})")), "/States/S/Type", kSchema, "must be one of");
    // A state that cannot be compiled does not make its neighbours look unreachable or its name missing.
    CompileResult r = c(R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Lambda","Next":"C"},"C":{"Type":"Succeed"}}})");
    EXPECT_EQ(r.errors.size(), 1u) << describe(r);
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"Colour":1})")), "/States/S", kSchema,
                     "Field 'Colour' is not supported");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"QueryLanguage":"SQL"})")), "/States/S/QueryLanguage",
                     kSchema, "\"JSONPath\" or \"JSONata\"");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"QueryLanguage":"JSONPath"})", R"("QueryLanguage":"JSONata",)")),
                     "/States/S", kSchema, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
}

TEST(AslRules, FieldsPerStateType) {
    // Retry/Catch only on Task, Parallel, Map; TimeoutSeconds only on Task.
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"Catch":[]})")), "/States/S", kSchema,
                     "Field 'Catch' is not supported");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Wait","Seconds":1,"End":true,"Retry":[]})")), "/States/S", kSchema,
                     "Field 'Retry' is not supported");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Parallel","End":true,"TimeoutSeconds":5,"Branches":[{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}]})")),
                     "/States/S", kSchema, "Field 'TimeoutSeconds' is not supported");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Wait","Seconds":1,"End":true,"ResultPath":"$.x"})")), "/States/S", kSchema,
                     "Field 'ResultPath' is not supported");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Fail","InputPath":"$"})")), "/States/S", kSchema,
                     "Field 'InputPath' is not supported");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Succeed","Assign":{"a":1}})")), "/States/S", kSchema,
                     "Field 'Assign' is not supported");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"Next":"S"}],"Default":"S","Parameters":{}})")),
                     "/States/S", kSchema, "Field 'Parameters' is not supported");
}

TEST(AslRules, QueryLanguageFields) {
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"Output":{"a":1}})")), "/States/S", kSchema,
                     "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,"Arguments":{}})")),
                     "/States/S", kSchema, "field 'Arguments' is only supported for the 'JSONata' QueryLanguage");
    for (const char* field : {R"("InputPath":"$")", R"("OutputPath":"$")", R"("ResultPath":"$.x")",
                              R"("Parameters":{})", R"("ResultSelector":{})", R"("TimeoutSecondsPath":"$.t")"})
        EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,)" +
                                     std::string(field) + "}", R"("QueryLanguage":"JSONata",)")),
                         "/States/S", kSchema, "is only supported for the 'JSONPath' QueryLanguage");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"Result":1,"QueryLanguage":"JSONata"})")), "/States/S",
                     kSchema, "field 'Result' is only supported for the 'JSONPath'");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Wait","End":true,"SecondsPath":"$.s","QueryLanguage":"JSONata"})")),
                     "/States/S", kSchema, "field 'SecondsPath' is only supported for the 'JSONPath'");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"QueryLanguage":"JSONata","Output":"{% $states.input"})")),
                     "/States/S/Output", kSchema, "must start with '{%' and end with '%}'");
    // Nested states take the machine's language, not the Map's.
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Map","End":true,"QueryLanguage":"JSONata","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true,"Output":1}}}})")),
                     "/States/S/ItemProcessor/States/P", kSchema, "field 'Output' is only supported for the 'JSONata'");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Map","End":true,"ItemProcessor":{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}})")),
                     "/States/S/ItemProcessor", kSchema, "Field 'QueryLanguage' is not supported");
}

TEST(AslRules, Paths) {
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"InputPath":"a.b"})")), "/States/S/InputPath", kSchema,
                     "must be a valid JSONPath");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"ResultPath":"$.a[*]"})")), "/States/S/ResultPath",
                     kSchema, "valid Reference Path");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"OutputPath":7})")), "/States/S/OutputPath", kSchema,
                     "path string or null");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"Parameters":{"a.$":"nope"}})")),
                     "/States/S/Parameters/a.$", kSchema, "");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Map","End":true,"ItemsPath":"$.a[*]","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Succeed"}}}})")),
                     "/States/S/ItemsPath", kSchema, "definite");
    EXPECT_ASL_ERROR(c(one_state(R"J({"Type":"Fail","ErrorPath":"States.Nope(1)"})J")), "/States/S/ErrorPath", kSchema,
                     "intrinsic");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Fail","Error":"E","ErrorPath":"$.e"})")), "/States/S", kSchema,
                     "cannot be used together");
}

TEST(AslRules, Assign) {
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"Assign":[1]})")), "/States/S/Assign", kSchema,
                     "must be an object");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"Assign":{"1x":1}})")), "/States/S/Assign/1x", kSchema,
                     "Variable name '1x' is not valid");
    EXPECT_COMPILES(c(one_state(R"({"Type":"Pass","End":true,"Assign":{"x.$":"$.a","y":{"z":1}}})")));
}

TEST(AslRules, Retry) {
    auto task = [](const std::string& retrier) {
        return c(one_state(R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,"Retry":[)" +
                           retrier + "]}"));
    };
    const std::string at = "/States/S/Retry/0";
    EXPECT_ASL_ERROR(task(R"({})"), at, kSchema, "These fields are required: [ErrorEquals]");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":[]})"), at + "/ErrorEquals", kSchema, "at least one");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":[1]})"), at + "/ErrorEquals/0", kSchema, "must be strings");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["E"],"IntervalSeconds":0})"), at + "/IntervalSeconds", kSchema,
                     "between 1 and 99999999");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["E"],"IntervalSeconds":1.5})"), at + "/IntervalSeconds", kSchema,
                     "must be an integer");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["E"],"MaxAttempts":100000000})"), at + "/MaxAttempts", kSchema,
                     "between 0 and 99999999");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["E"],"BackoffRate":0.99})"), at + "/BackoffRate", kSchema,
                     "greater than or equal to 1.0");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["E"],"MaxDelaySeconds":0})"), at + "/MaxDelaySeconds", kSchema,
                     "between 1 and 31622400");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["E"],"MaxDelaySeconds":31622401})"), at + "/MaxDelaySeconds", kSchema,
                     "between 1 and 31622400");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["E"],"JitterStrategy":"HALF"})"), at + "/JitterStrategy", kSchema,
                     "\"FULL\" or \"NONE\"");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["E"],"Next":"S"})"), at, kSchema, "Field 'Next' is not supported");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["States.ALL","E"]})"), at + "/ErrorEquals", kSchema, "must appear alone");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["States.ALL"]},{"ErrorEquals":["E"]})"), at + "/ErrorEquals", kSchema,
                     "must be the last one");

    CompileResult ok = task(R"({"ErrorEquals":["E"]},{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"MaxAttempts":0,"BackoffRate":1.5,"MaxDelaySeconds":10,"JitterStrategy":"FULL","Comment":"c"})");
    ASSERT_TRUE(ok.ok()) << describe(ok);
    const auto& retry = ok.machine->all_states.at("S")->retry;
    EXPECT_EQ(retry[0].interval_seconds, 1);  // defaults
    EXPECT_EQ(retry[0].max_attempts, 3);
    EXPECT_EQ(retry[0].backoff_rate, 2.0);
    EXPECT_FALSE(retry[0].max_delay_seconds);
    EXPECT_EQ(retry[0].jitter, Retrier::Jitter::None);
    EXPECT_EQ(retry[1].interval_seconds, 3);
    EXPECT_EQ(retry[1].max_attempts, 0);
    EXPECT_EQ(retry[1].backoff_rate, 1.5);
    EXPECT_EQ(retry[1].max_delay_seconds, 10);
    EXPECT_EQ(retry[1].jitter, Retrier::Jitter::Full);
}

TEST(AslRules, Catch) {
    auto task = [](const std::string& catcher, const std::string& top = "") {
        return c(R"({)" + top + R"("StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,"Catch":[)" +
                 catcher + R"(]},"F":{"Type":"Fail"}}})");
    };
    const std::string at = "/States/S/Catch/0";
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["E"]})"), at, kSchema, "These fields are required: [Next]");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["States.ALL"],"Next":"F"},{"ErrorEquals":["E"],"Next":"F"})"),
                     at + "/ErrorEquals", kSchema, "must be the last one");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["E"],"Next":"F","ResultPath":"$.a.*"})"), at + "/ResultPath", kSchema,
                     "Reference Path");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["E"],"Next":"F","Output":{}})"), at, kSchema,
                     "field 'Output' is only supported for the 'JSONata'");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["E"],"Next":"F","ResultPath":"$.e"})", R"("QueryLanguage":"JSONata",)"),
                     at, kSchema, "field 'ResultPath' is only supported for the 'JSONPath'");
    EXPECT_ASL_ERROR(task(R"({"ErrorEquals":["E"],"Next":"F","MaxAttempts":1})"), at, kSchema,
                     "Field 'MaxAttempts' is not supported");
    CompileResult ok = task(R"({"ErrorEquals":["E"],"Next":"F","Output":"{% $states.errorOutput %}","Assign":{"e":"{% $states.errorOutput.Error %}"}})",
                            R"("QueryLanguage":"JSONata",)");
    ASSERT_TRUE(ok.ok()) << describe(ok);
    const Catcher& catcher = ok.machine->all_states.at("S")->catch_[0];
    EXPECT_EQ(catcher.next->name, "F");
    EXPECT_TRUE(catcher.output);
    EXPECT_TRUE(catcher.assign);
}

TEST(AslRules, Task) {
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Task","End":true})")), "/States/S", kSchema,
                     "These fields are required: [Resource]");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Task","Resource":"my-function","End":true})")), "/States/S/Resource",
                     "INVALID_RESOURCE", "Value is not a valid resource ARN");
    EXPECT_COMPILES(c(one_state(R"({"Type":"Task","Resource":"${MyFunctionArn}","End":true})")));
    const std::string r = R"("Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,)";
    EXPECT_ASL_ERROR(c(one_state("{" + r + R"("TimeoutSeconds":0})")), "/States/S/TimeoutSeconds", kSchema,
                     "between 1 and 99999999");
    EXPECT_ASL_ERROR(c(one_state("{" + r + R"("TimeoutSeconds":100000000})")), "/States/S/TimeoutSeconds", kSchema,
                     "between 1 and 99999999");
    EXPECT_ASL_ERROR(c(one_state("{" + r + R"("TimeoutSeconds":5,"TimeoutSecondsPath":"$.t"})")), "/States/S", kSchema,
                     "cannot be used together");
    EXPECT_ASL_ERROR(c(one_state("{" + r + R"("TimeoutSeconds":5,"HeartbeatSeconds":5})")), "/States/S/HeartbeatSeconds",
                     kSchema, "smaller than 'TimeoutSeconds'");
    EXPECT_ASL_ERROR(c(one_state("{" + r + R"("TimeoutSeconds":"{% 5 %}"})")), "/States/S/TimeoutSeconds", kSchema,
                     "must be an integer");
    EXPECT_ASL_ERROR(c(one_state("{" + r + R"("Credentials":"role"})")), "/States/S/Credentials", kSchema,
                     "must be an object");
    EXPECT_ASL_ERROR(c(one_state("{" + r + R"("ResultSelector":[1]})")), "/States/S/ResultSelector", kSchema,
                     "must be an object");

    CompileResult ok = c(one_state("{" + r + R"("TimeoutSecondsPath":"$.t","HeartbeatSeconds":3,"Credentials":{"RoleArn":"arn:aws:iam::1:role/r"}})"));
    ASSERT_TRUE(ok.ok()) << describe(ok);
    const auto& task = ok.machine->all_states.at("S")->as<TaskState>();
    EXPECT_EQ(task.timeout_seconds.path.text(), "$.t");
    EXPECT_EQ(task.heartbeat_seconds.literal, 3.0);
    EXPECT_TRUE(task.credentials.is_object());

    CompileResult ata = c(one_state("{" + std::string(R"("Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,)") +
                                    R"("Arguments":{"FunctionName":"f","Payload":"{% $states.input %}"},"TimeoutSeconds":"{% $t %}","Output":"{% $states.result.Payload %}","Assign":{"x":1}})",
                                    R"("QueryLanguage":"JSONata",)"));
    ASSERT_TRUE(ata.ok()) << describe(ata);
    const auto& t2 = ata.machine->all_states.at("S")->as<TaskState>();
    EXPECT_EQ(t2.query_language, QueryLanguage::JSONata);
    EXPECT_TRUE(t2.arguments);
    EXPECT_TRUE(t2.timeout_seconds.jsonata);
    EXPECT_TRUE(t2.output);
    EXPECT_TRUE(t2.assign);
}

TEST(AslRules, Wait) {
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Wait","End":true})")), "/States/S", kSchema, "needs one of 'Seconds'");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Wait","End":true,"Seconds":1,"Timestamp":"2016-03-14T01:59:00Z"})")),
                     "/States/S", kSchema, "cannot be used together");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Wait","End":true,"Seconds":-1})")), "/States/S/Seconds", kSchema,
                     "between 0 and 99999999");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Wait","End":true,"Seconds":"10"})")), "/States/S/Seconds", kSchema,
                     "must be an integer");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Wait","End":true,"Timestamp":"2016-03-14 01:59:00"})")),
                     "/States/S/Timestamp", kSchema, "RFC 3339");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Wait","End":true,"TimestampPath":"ts"})")), "/States/S/TimestampPath",
                     kSchema, "valid JSONPath");
    CompileResult ok = c(one_state(R"({"Type":"Wait","End":true,"Timestamp":"2016-03-14T01:59:00.123+02:00"})"));
    ASSERT_TRUE(ok.ok()) << describe(ok);
    EXPECT_EQ(ok.machine->all_states.at("S")->as<WaitState>().timestamp, "2016-03-14T01:59:00.123+02:00");
    CompileResult ata = c(one_state(R"({"Type":"Wait","End":true,"Timestamp":"{% $states.input.t %}"})",
                                    R"("QueryLanguage":"JSONata",)"));
    ASSERT_TRUE(ata.ok()) << describe(ata);
    EXPECT_TRUE(ata.machine->all_states.at("S")->as<WaitState>().timestamp_jsonata);
    CompileResult path = c(one_state(R"({"Type":"Wait","End":true,"SecondsPath":"$.s"})"));
    ASSERT_TRUE(path.ok()) << describe(path);
    EXPECT_EQ(path.machine->all_states.at("S")->as<WaitState>().seconds.path.text(), "$.s");
}

TEST(AslRules, Choice) {
    auto choice = [](const std::string& rule, const std::string& top = "") {
        return c(R"({)" + top + R"("StartAt":"C","States":{"C":{"Type":"Choice","Default":"D","Choices":[)" + rule +
                 R"(]},"D":{"Type":"Succeed"}}})");
    };
    const std::string at = "/States/C/Choices/0";
    EXPECT_ASL_ERROR(c(R"({"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[]}}})"), "/States/C/Choices",
                     kSchema, "at least one Choice rule");
    EXPECT_ASL_ERROR(c(R"({"StartAt":"C","States":{"C":{"Type":"Choice"}}})"), "/States/C", kSchema,
                     "These fields are required: [Choices]");
    EXPECT_ASL_ERROR(choice(R"({"Variable":"$.a","Next":"D"})"), at, kSchema, "needs one comparison operator");
    EXPECT_ASL_ERROR(choice(R"({"Variable":"$.a","IsNull":true,"IsString":true,"Next":"D"})"), at, kSchema,
                     "exactly one operator");
    EXPECT_ASL_ERROR(choice(R"({"Variable":"$.a","IsNull":true})"), at, kSchema, "These fields are required: [Next]");
    EXPECT_ASL_ERROR(choice(R"({"IsNull":true,"Next":"D"})"), at, kSchema, "These fields are required: [Variable]");
    EXPECT_ASL_ERROR(choice(R"({"Variable":"a","IsNull":true,"Next":"D"})"), at + "/Variable", kSchema,
                     "valid JSONPath");
    EXPECT_ASL_ERROR(choice(R"({"Variable":"$.a","StringEquals":1,"Next":"D"})"), at + "/StringEquals", kSchema,
                     "must be a string");
    EXPECT_ASL_ERROR(choice(R"({"Variable":"$.a","NumericEquals":"1","Next":"D"})"), at + "/NumericEquals", kSchema,
                     "must be a number");
    EXPECT_ASL_ERROR(choice(R"({"Variable":"$.a","IsPresent":"yes","Next":"D"})"), at + "/IsPresent", kSchema,
                     "must be a boolean");
    EXPECT_ASL_ERROR(choice(R"({"Variable":"$.a","TimestampEquals":"yesterday","Next":"D"})"), at + "/TimestampEquals",
                     kSchema, "must be a timestamp");
    EXPECT_ASL_ERROR(choice(R"({"Variable":"$.a","NumericLessThanPath":"b","Next":"D"})"), at + "/NumericLessThanPath",
                     kSchema, "valid JSONPath");
    EXPECT_ASL_ERROR(choice(R"({"And":[],"Next":"D"})"), at + "/And", kSchema, "at least one Choice rule");
    EXPECT_ASL_ERROR(choice(R"({"Or":[{"Variable":"$.a"}],"Next":"D"})"), at + "/Or/0", kSchema,
                     "needs one comparison operator");
    EXPECT_ASL_ERROR(choice(R"({"Or":[{"Variable":"$.a","IsNull":true,"Next":"D"}],"Next":"D"})"), at + "/Or/0",
                     kSchema, "Field 'Next' is not supported");
    EXPECT_ASL_ERROR(choice(R"({"Not":{"Variable":"$.a","IsNull":true},"Variable":"$.a","Next":"D"})"), at, kSchema,
                     "'Variable' cannot be used with 'Not'");
    EXPECT_ASL_ERROR(choice(R"({"Condition":"{% true %}","Next":"D"})"), at, kSchema,
                     "field 'Condition' is only supported for the 'JSONata'");
    EXPECT_ASL_ERROR(choice(R"({"Variable":"$.a","IsNull":true,"Next":"D"})", R"("QueryLanguage":"JSONata",)"), at,
                     kSchema, "field 'Variable' is only supported for the 'JSONPath'");
    EXPECT_ASL_ERROR(choice(R"({"Condition":"true","Next":"D"})", R"("QueryLanguage":"JSONata",)"), at + "/Condition",
                     kSchema, "JSONata expression");

    CompileResult ok = choice(R"({"And":[{"Variable":"$.a","StringMatches":"x*"},{"Not":{"Variable":"$$.b","NumericGreaterThanEqualsPath":"$c"}},{"Or":[{"Variable":"$.t","TimestampLessThan":"2020-01-01T00:00:00Z"},{"Variable":"$.t","IsTimestamp":true}]}],"Next":"D","Assign":{"v":1}})");
    ASSERT_TRUE(ok.ok()) << describe(ok);
    const ChoiceRule& rule = ok.machine->all_states.at("C")->as<ChoiceState>().choices[0];
    EXPECT_EQ(rule.op, ChoiceRule::Op::And);
    ASSERT_EQ(rule.children.size(), 3u);
    EXPECT_EQ(rule.children[0].op, ChoiceRule::Op::StringMatches);
    EXPECT_EQ(rule.children[0].operand, json::Value("x*"));
    EXPECT_EQ(rule.children[1].op, ChoiceRule::Op::Not);
    EXPECT_EQ(rule.children[1].children[0].op, ChoiceRule::Op::NumericGreaterThanEqualsPath);
    EXPECT_EQ(rule.children[1].children[0].operand_path.text(), "$c");
    EXPECT_EQ(rule.children[2].children[1].op, ChoiceRule::Op::IsTimestamp);
    EXPECT_EQ(rule.next->name, "D");
    EXPECT_TRUE(rule.assign);
    EXPECT_EQ(rule.children[2].pointer, "/States/C/Choices/0/And/2");

    CompileResult ata = choice(R"({"Condition":"{% $states.input.a > 1 %}","Next":"D","Output":{"x":1}})",
                               R"("QueryLanguage":"JSONata",)");
    ASSERT_TRUE(ata.ok()) << describe(ata);
    const ChoiceRule& cond = ata.machine->all_states.at("C")->as<ChoiceState>().choices[0];
    EXPECT_EQ(cond.op, ChoiceRule::Op::Condition);
    EXPECT_TRUE(cond.condition);
    EXPECT_TRUE(cond.output);
}

TEST(AslRules, EveryComparisonOperatorCompiles) {
    const std::pair<const char*, const char*> ops[] = {
        {"StringEquals", "\"a\""}, {"StringLessThan", "\"a\""}, {"StringGreaterThan", "\"a\""},
        {"StringLessThanEquals", "\"a\""}, {"StringGreaterThanEquals", "\"a\""}, {"StringMatches", "\"a*\""},
        {"NumericEquals", "1"}, {"NumericLessThan", "1.5"}, {"NumericGreaterThan", "-1"},
        {"NumericLessThanEquals", "1"}, {"NumericGreaterThanEquals", "1"}, {"BooleanEquals", "false"},
        {"TimestampEquals", "\"2020-01-01T00:00:00Z\""}, {"TimestampLessThan", "\"2020-01-01T00:00:00Z\""},
        {"TimestampGreaterThan", "\"2020-01-01T00:00:00Z\""}, {"TimestampLessThanEquals", "\"2020-01-01T00:00:00Z\""},
        {"TimestampGreaterThanEquals", "\"2020-01-01T00:00:00Z\""}, {"IsNull", "true"}, {"IsPresent", "false"},
        {"IsNumeric", "true"}, {"IsString", "true"}, {"IsBoolean", "true"}, {"IsTimestamp", "true"}};
    for (auto [op, operand] : ops) {
        for (bool path : {false, true}) {
            std::string name = std::string(op) + (path ? "Path" : "");
            bool has_path_variant = std::string(op).rfind("Is", 0) != 0 && std::string(op) != "StringMatches";
            if (path && !has_path_variant) continue;
            std::string rule = R"({"Variable":"$.a",")" + name + "\":" + (path ? "\"$.b\"" : operand) + R"(,"Next":"D"})";
            CompileResult r = c(R"({"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[)" + rule +
                                R"(]},"D":{"Type":"Succeed"}}})");
            ASSERT_TRUE(r.ok()) << name << "\n" << describe(r);
            EXPECT_EQ(choice_op_name(r.machine->all_states.at("C")->as<ChoiceState>().choices[0].op), name);
        }
    }
}

TEST(AslRules, Parallel) {
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Parallel","End":true})")), "/States/S", kSchema,
                     "These fields are required: [Branches]");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Parallel","End":true,"Branches":[]})")), "/States/S/Branches", kSchema,
                     "at least one branch");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Parallel","End":true,"Branches":[{"StartAt":"A","States":{"A":{"Type":"Succeed"}},"Foo":1}]})")),
                     "/States/S/Branches/0", kSchema, "Field 'Foo' is not supported");
    EXPECT_ASL_ERROR(c(R"({"StartAt":"S","States":{"S":{"Type":"Parallel","Next":"T","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"T"}}}]},"T":{"Type":"Succeed"}}})"),
                     "/States/S/Branches/0/States/A/Next", kTarget, "Missing 'Next' target: T");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Parallel","End":true,"Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"A"}}}]})")),
                     "/States/S/Branches/0", "MISSING_END_STATE", "no terminal state");
}

TEST(AslRules, Map) {
    const std::string proc = R"("ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Succeed"}}})";
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Map","End":true})")), "/States/S", kSchema,
                     "These fields are required: [ItemProcessor]");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Map","End":true,)" + proc +
                                 R"(,"Iterator":{"StartAt":"Q","States":{"Q":{"Type":"Succeed"}}}})")),
                     "/States/S", kSchema, "cannot be used together");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Map","End":true,"ItemProcessor":{"ProcessorConfig":{"Mode":"PARALLEL"},"StartAt":"P","States":{"P":{"Type":"Succeed"}}}})")),
                     "/States/S/ItemProcessor/ProcessorConfig/Mode", kSchema, "\"INLINE\" or \"DISTRIBUTED\"");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Map","End":true,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED"},"StartAt":"P","States":{"P":{"Type":"Succeed"}}}})")),
                     "/States/S/ItemProcessor/ProcessorConfig", kSchema, "These fields are required: [ExecutionType]");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Map","End":true,"MaxConcurrency":-1,)" + proc + "}")),
                     "/States/S/MaxConcurrency", kSchema, "between 0 and");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Map","End":true,"ToleratedFailurePercentage":101,)" + proc + "}")),
                     "/States/S/ToleratedFailurePercentage", kSchema, "between 0 and 100");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Map","End":true,"ItemSelector":{},"Parameters":{},)" + proc + "}")),
                     "/States/S", kSchema, "cannot be used together");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Map","End":true,"Items":[1],)" + proc + "}")), "/States/S", kSchema,
                     "field 'Items' is only supported for the 'JSONata'");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Map","End":true,"Items":"$.x",)" + proc + "}", R"("QueryLanguage":"JSONata",)")),
                     "/States/S/Items", kSchema, "array or a JSONata expression");
    CompileResult ok = c(one_state(
        R"({"Type":"Map","End":true,"ItemsPath":"$.items","Parameters":{"i.$":"$$.Map.Item.Value"},"MaxConcurrencyPath":"$.mc","ToleratedFailureCount":2,"ToleratedFailurePercentage":12.5,"Label":"L","ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},"Parameters":{"Bucket":"b","Key":"k"}},"ItemBatcher":{"MaxItemsPerBatch":5},"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b"}},"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Succeed"}}}})"));
    ASSERT_TRUE(ok.ok()) << describe(ok);
    const auto& map = ok.machine->all_states.at("S")->as<MapState>();
    EXPECT_EQ(map.mode, MapState::Mode::Distributed);
    EXPECT_EQ(map.execution_type, "EXPRESS");
    EXPECT_EQ(map.items_path.text(), "$.items");
    EXPECT_TRUE(map.item_selector);
    EXPECT_EQ(map.item_selector_field, "Parameters");
    EXPECT_EQ(map.max_concurrency.path.text(), "$.mc");
    EXPECT_EQ(map.tolerated_failure_count.literal, 2.0);
    EXPECT_EQ(map.tolerated_failure_percentage.literal, 12.5);
    ASSERT_TRUE(map.item_reader.has_value());
    EXPECT_TRUE(map.item_reader->resource.is_service("s3", "getObject"));
    EXPECT_EQ(map.item_reader->input_type, ItemReaderSpec::InputType::Json);
    EXPECT_TRUE(map.item_reader->parameters);
    ASSERT_TRUE(map.item_batcher.has_value());
    EXPECT_EQ(map.item_batcher->max_items_per_batch.literal, 5.0);
    EXPECT_FALSE(map.item_batcher->max_input_bytes_per_batch.is_set());
    ASSERT_TRUE(map.result_writer.has_value());
    ASSERT_TRUE(map.result_writer->resource.has_value());
    EXPECT_TRUE(map.result_writer->resource->is_service("s3", "putObject"));
    EXPECT_EQ(map.result_writer->transformation, ResultWriterSpec::Transformation::None);
    EXPECT_EQ(map.label, "L");
    EXPECT_EQ(map.processor->pointer, "/States/S/ItemProcessor");
    EXPECT_EQ(map.processor->start->name, "P");
    EXPECT_EQ(ok.machine->all_states.at("P")->owner, map.processor.get());

    CompileResult legacy = c(one_state(R"({"Type":"Map","End":true,"Iterator":{"StartAt":"P","States":{"P":{"Type":"Succeed"}}}})"));
    ASSERT_TRUE(legacy.ok()) << describe(legacy);
    EXPECT_EQ(legacy.machine->all_states.at("S")->as<MapState>().processor->pointer, "/States/S/Iterator");
    EXPECT_EQ(legacy.machine->all_states.at("S")->as<MapState>().items_path.text(), "$");  // the default

    CompileResult ata = c(one_state(R"({"Type":"Map","End":true,"Items":"{% $states.input.xs %}","ItemSelector":{"v":"{% $states.context.Map.Item.Value %}"},"MaxConcurrency":"{% 2 %}",)" + proc + "}",
                                    R"("QueryLanguage":"JSONata",)"));
    ASSERT_TRUE(ata.ok()) << describe(ata);
    const auto& m2 = ata.machine->all_states.at("S")->as<MapState>();
    EXPECT_TRUE(m2.items);
    EXPECT_TRUE(m2.item_selector_jsonata);
    EXPECT_TRUE(m2.max_concurrency.jsonata);
}

TEST(AslRules, Fail) {
    CompileResult ok = c(one_state(R"J({"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('x {}', $.c)"})J"));
    ASSERT_TRUE(ok.ok()) << describe(ok);
    const auto& fail = ok.machine->all_states.at("S")->as<FailState>();
    EXPECT_EQ(fail.error_path.path.text(), "$.e");
    EXPECT_TRUE(fail.cause_path.intrinsic);
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Fail","Error":3})")), "/States/S/Error", kSchema, "must be a string");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Fail","CausePath":"$.c","QueryLanguage":"JSONata"})")), "/States/S",
                     kSchema, "field 'CausePath' is only supported for the 'JSONPath'");
    CompileResult ata = c(one_state(R"({"Type":"Fail","Error":"{% 'E' & $x %}","Cause":"plain"})", R"("QueryLanguage":"JSONata",)"));
    ASSERT_TRUE(ata.ok()) << describe(ata);
}

TEST(AslRules, EveryErrorAtOnce) {
    CompileResult r = c(R"({"StartAt":"A","States":{
        "A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"Nowhere","Retry":[{"ErrorEquals":["E"],"BackoffRate":0}]},
        "B":{"Type":"Pass","End":true,"Bogus":1}}})");
    EXPECT_FALSE(r.ok());
    EXPECT_ASL_ERROR(r, "/States/A/Next", kTarget, "Nowhere");
    EXPECT_ASL_ERROR(r, "/States/A/Retry/0/BackoffRate", kSchema, "1.0");
    EXPECT_ASL_ERROR(r, "/States/B", kSchema, "Field 'Bogus' is not supported");
    EXPECT_ASL_ERROR(r, "/States/B", kTarget, "not reachable");
    EXPECT_GE(r.errors.size(), 4u);
}

TEST(AslRules, DeepNestingIsReportedNotCrashed) {
    std::string rule = R"({"Variable":"$.a","IsNull":true})";
    for (int i = 0; i < 200; ++i) rule = R"({"Not":)" + rule + "}";
    CompileResult r = c(R"({"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[)" +
                        rule.substr(0, rule.size() - 1) + R"(,"Next":"C"}]}}})");
    EXPECT_FALSE(r.ok());
    bool deep = false;
    for (const Diagnostic& d : r.errors) deep = deep || d.code == "TOO_DEEPLY_NESTED";
    EXPECT_TRUE(deep) << describe(r);
}

TEST(AslRules, DeeplyNestedScopes) {
    std::string scope = R"({"StartAt":"L","States":{"L":{"Type":"Succeed"}}})";
    for (int i = 0; i < 60; ++i)
        scope = R"({"StartAt":"P)" + std::to_string(i) + R"(","States":{"P)" + std::to_string(i) +
                R"(":{"Type":"Parallel","End":true,"Branches":[)" + scope + "]}}}";
    CompileResult r = c(scope);
    EXPECT_FALSE(r.ok());
    bool deep = false;
    for (const Diagnostic& d : r.errors) deep = deep || d.code == "TOO_DEEPLY_NESTED";
    EXPECT_TRUE(deep) << describe(r);
}

TEST(AslRules, SubstitutionsApplyBeforeValidation) {
    const std::string text = one_state(R"({"Type":"Task","Resource":"${Fn}","End":true,"TimeoutSeconds":5})");
    CompileResult as_written = c(text);
    ASSERT_TRUE(as_written.ok()) << describe(as_written);
    EXPECT_EQ(as_written.machine->all_states.at("S")->as<TaskState>().resource.arn, "${Fn}");
    CompileResult substituted = compile(text, CompileOptions{{{"Fn", "arn:aws:lambda:us-east-1:1:function:f"}}});
    ASSERT_TRUE(substituted.ok()) << describe(substituted);
    EXPECT_EQ(substituted.machine->all_states.at("S")->as<TaskState>().resource.arn, "arn:aws:lambda:us-east-1:1:function:f");
    // A substituted value is validated like one written in place.
    CompileResult bad = compile(text, CompileOptions{{{"Fn", "not-an-arn"}}});
    EXPECT_ASL_ERROR(bad, "/States/S/Resource", "INVALID_RESOURCE", "Value is not a valid resource ARN");
}
