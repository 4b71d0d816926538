// `validate` refuses what AWS refuses and accepts what AWS accepts: one test
// per rule, each with a definition AWS refuses (the diagnostic's code, pointer
// and message, in AWS's words where they are known) and a close one it accepts.
// Codes: https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html
#include "asl_test_util.h"

using namespace stepwise;
using namespace stepwise::asl;
using namespace stepwise::asl::testing;

namespace {
constexpr const char* kSchema = "SCHEMA_VALIDATION_FAILED";
CompileResult c(const std::string& text) { return compile(std::string_view(text)); }

std::string task(const std::string& extra, const std::string& resource = "arn:aws:states:::lambda:invoke") {
    return one_state(R"({"Type":"Task","Resource":")" + resource + R"(","End":true)" + extra + "}");
}
std::string pass(const std::string& extra) { return one_state(R"({"Type":"Pass","End":true,)" + extra + "}"); }
}  // namespace

// A `${Name}` placeholder (SAM/CloudFormation DefinitionSubstitutions) is kept
// for a later substitution; `${lambdaArn` without `}` is no placeholder, only
// text that is no ARN, which AWS answers with "Value is not a valid resource ARN"
// (https://github.com/aws/aws-sam-cli-app-templates/issues/185).
// https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html
TEST(AwsAgreement, AnUnclosedPlaceholderIsNoResource) {
    EXPECT_ASL_ERROR(c(task("", "${lambdaArn")), "/States/S/Resource", "INVALID_RESOURCE",
                     "Value is not a valid resource ARN");
    EXPECT_ASL_ERROR(c(task("", "arn:aws:lambda:${AWS::Region:1:function:f")), "/States/S/Resource", "INVALID_RESOURCE",
                     "is not recognized");
    EXPECT_ASL_ERROR(c(task("", "${}")), "/States/S/Resource", "INVALID_RESOURCE", "Value is not a valid resource ARN");
    EXPECT_COMPILES(c(task("", "${lambdaArn}")));
    EXPECT_COMPILES(c(task("", "arn:aws:lambda:${AWS::Region}:1:function:f")));
    // Other template tools' placeholders hold more than a name.
    EXPECT_COMPILES(c(task("", "${ LambdaArn }")));
    EXPECT_COMPILES(c(task("", "arn:aws:lambda:us-east-1:123456789012:function:fn-${opt:stage, 'dev'}")));
}

// ErrorPath and CausePath take a path, or an intrinsic that returns a string:
// "States.Format, States.JsonToString, States.ArrayGetItem, States.Base64Encode,
// States.Base64Decode, States.Hash, and States.UUID".
// https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
TEST(AwsAgreement, FailPathsTakeOnlyTheStringIntrinsics) {
    for (const char* call : {"States.MathAdd($.a, 1)", "States.StringToJson($.s)", "States.Array($.a)",
                             "States.ArrayLength($.a)", "States.MathRandom(1, 9)"}) {
        EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Fail","ErrorPath":")" + std::string(call) + R"("})")),
                         "/States/S/ErrorPath", kSchema, "must be a JSONPath or a call of States.Format");
        EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Fail","CausePath":")" + std::string(call) + R"("})")),
                         "/States/S/CausePath", kSchema, "States.UUID");
    }
    for (const char* call : {"States.Format('e{}', $.a)", "States.JsonToString($.o)", "States.ArrayGetItem($.a, 0)",
                             "States.Base64Encode($.s)", "States.Base64Decode($.s)", "States.Hash($.s, 'SHA-1')",
                             "States.UUID()"})
        EXPECT_COMPILES(c(one_state(R"({"Type":"Fail","ErrorPath":")" + std::string(call) + R"(","CausePath":")" +
                                    std::string(call) + R"("})")));
    EXPECT_COMPILES(c(one_state(R"({"Type":"Fail","ErrorPath":"$$.State.Name","CausePath":"$.cause"})")));
}

// A `.$` field names its output without the suffix, so `"a": 1` beside
// `"a.$": "$.x"` gives one field twice; at any depth, in every payload template.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
TEST(AwsAgreement, AFieldGivenTwiceOnceDollarIsStripped) {
    EXPECT_ASL_ERROR(c(pass(R"("Parameters":{"a":1,"a.$":"$.x"})")), "/States/S/Parameters/a.$", kSchema,
                     "The field 'a' is given twice");
    EXPECT_ASL_ERROR(c(pass(R"("Parameters":{"o":{"list":[{"k.$":"$.k","k":2}]}})")),
                     "/States/S/Parameters/o/list/0/k", kSchema, "The field 'k' is given twice");
    EXPECT_ASL_ERROR(c(pass(R"("Assign":{"v":1,"v.$":"$.x"})")), "/States/S/Assign/v.$", kSchema,
                     "The field 'v' is given twice");
    EXPECT_ASL_ERROR(c(task(R"(,"ResultSelector":{"p.$":"$.Payload","p":0})")), "/States/S/ResultSelector/p", kSchema,
                     "given twice");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Map","End":true,"ItemSelector":{"i.$":"$$.Map.Item.Value","i":1},
        "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Succeed"}}}})")),
                     "/States/S/ItemSelector/i", kSchema, "given twice");
    EXPECT_COMPILES(c(pass(R"("Parameters":{"a":1,"b.$":"$.x","o":{"a.$":"$.y"}},"Assign":{"v":1,"w.$":"$.x"})")));
}

// Error names are case-sensitive strings matched exactly; the predefined ones
// begin with `States.` and no other may.
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
TEST(AwsAgreement, BlanksAroundAStatesErrorName) {
    auto retry = [](const std::string& name) {
        return c(task(R"(,"Retry":[{"ErrorEquals":[")" + name + R"("]}])"));
    };
    EXPECT_ASL_ERROR(retry(" States.ALL"), "/States/S/Retry/0/ErrorEquals/0", kSchema,
                     "Error name ' States.ALL' has blanks around a 'States.' name");
    EXPECT_ASL_ERROR(retry("States.Timeout "), "/States/S/Retry/0/ErrorEquals/0", kSchema, "has blanks");
    EXPECT_ASL_ERROR(c(R"({"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
        "Catch":[{"ErrorEquals":["\tStates.TaskFailed"],"Next":"F"}]},"F":{"Type":"Fail"}}})"),
                     "/States/S/Catch/0/ErrorEquals/0", kSchema, "has blanks");
    // Names of the user's own may hold blanks (the corpus recorded on AWS has "Internal Error").
    EXPECT_COMPILES(retry("States.ALL"));
    EXPECT_COMPILES(retry("Internal Error"));
    EXPECT_COMPILES(retry(" MyStates.Error"));
}

// Credentials: "RoleArn" (a role ARN, or in JSONata a `{% %}` expression) or,
// in JSONPath, "RoleArn.$" (a path or an intrinsic call resolving to one).
// https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html
TEST(AwsAgreement, CredentialsAreChecked) {
    EXPECT_ASL_ERROR(c(task(R"(,"Credentials":{"RoleArn.$":"roles.admin"})")), "/States/S/Credentials/RoleArn.$", kSchema,
                     "The value for the field 'RoleArn.$' must be a valid JSONPath or a valid intrinsic function call");
    EXPECT_ASL_ERROR(c(task(R"J(,"Credentials":{"RoleArn.$":"$.a[?(@.b == )]"})J")), "/States/S/Credentials/RoleArn.$",
                     kSchema, "must be a valid JSONPath");
    EXPECT_ASL_ERROR(c(task(R"(,"Credentials":{"RoleArn.$":7})")), "/States/S/Credentials/RoleArn.$", kSchema,
                     "must be a valid JSONPath or a valid intrinsic function call, not number");
    EXPECT_ASL_ERROR(c(task(R"(,"Credentials":{"RoleArn":"arn:aws:iam::1:role/r","RoleArn.$":"$.r"})")),
                     "/States/S/Credentials", kSchema, "cannot be used together");
    EXPECT_ASL_ERROR(c(task(R"(,"Credentials":{})")), "/States/S/Credentials", kSchema, "needs 'RoleArn' or 'RoleArn.$'");
    EXPECT_ASL_ERROR(c(task(R"(,"Credentials":{"RoleArn":"arn:aws:iam::1:role/r","Role":"x"})")),
                     "/States/S/Credentials", kSchema, "Field 'Role' is not supported");
    EXPECT_ASL_ERROR(c(task(R"(,"Credentials":{"RoleArn":5})")), "/States/S/Credentials/RoleArn", kSchema,
                     "must be a string");
    const std::string jsonata = R"("QueryLanguage":"JSONata",)";
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,"Credentials":{"RoleArn.$":"$.r"}})",
                                 jsonata)),
                     "/States/S/Credentials", kSchema, "These fields are required: [RoleArn]");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,"Credentials":{"RoleArn":"{% $x. %}"}})",
                                 jsonata)),
                     "/States/S/Credentials/RoleArn", "INVALID_JSONATA_EXPRESSION", "");

    EXPECT_COMPILES(c(task(R"(,"Credentials":{"RoleArn":"arn:aws:iam::111122223333:role/LambdaRole"})")));
    EXPECT_COMPILES(c(task(R"(,"Credentials":{"RoleArn.$":"$.roleArn"})")));
    EXPECT_COMPILES(c(task(R"J(,"Credentials":{"RoleArn.$":"States.Format('arn:aws:iam::{}:role/R', $.account)"})J")));
    EXPECT_COMPILES(c(one_state(R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,"Credentials":{"RoleArn":"{% $states.input.role %}"}})",
                                jsonata)));
}

// AWS evaluates JSONPath with Jayway JsonPath, which takes a bracket after a
// single dot: `$.items.[0]` is `$.items[0]` (PathCompiler.readDotToken).
// https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
TEST(AwsAgreement, ADotBeforeABracketIsAValidPath) {
    EXPECT_COMPILES(c(pass(R"J("InputPath":"$.items.[0]","Parameters":{"f.$":"$.[?(@.a > 1)]"},"ResultPath":"$.r.[0]")J")));
    EXPECT_ASL_ERROR(c(pass(R"("InputPath":"$.items.")")), "/States/S/InputPath", kSchema, "must be a valid JSONPath");
}

// A bare word in a filter comparison is in real-world definitions AWS accepts
// (issue 18); Jayway cannot compile such a path, so it fails when the state
// runs (tests/unit/query/path_test.cpp), not when the definition is created.
TEST(AwsAgreement, ABareWordInAFilterIsAccepted) {
    EXPECT_COMPILES(c(pass(R"J("Parameters":{"done.$":"$.items[?(@.status == active)]"})J")));
    EXPECT_COMPILES(c(pass(R"J("Parameters":{"done.$":"$.items[?(@.status == 'active')]"})J")));
}

// "Variable names ... an ID_Start character followed by ID_Continue
// characters", at most 80; `$states` is reserved.
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
// (AWS's Toolkit for VS Code reads the rule the same way: aws/aws-toolkit-vscode, isValidVariableName)
TEST(AwsAgreement, VariableNames) {
    const std::string eighty(80, 'v');
    EXPECT_ASL_ERROR(c(pass(R"("Assign":{")" + eighty + R"(x":1})")), "/States/S/Assign/" + eighty + "x", kSchema,
                     "at most 80 characters");
    EXPECT_ASL_ERROR(c(pass(R"("Assign":{"_tmp":1})")), "/States/S/Assign/_tmp", kSchema,
                     "Variable name '_tmp' is not valid: use a letter, then letters, digits and '_'");
    EXPECT_ASL_ERROR(c(pass(R"("Assign":{"a-b":1})")), "/States/S/Assign/a-b", kSchema, "is not valid");
    EXPECT_ASL_ERROR(c(pass(R"("Assign":{"states":1})")), "/States/S/Assign/states", kSchema,
                     "'states' is the reserved variable $states");
    EXPECT_COMPILES(c(pass(R"("Assign":{")" + eighty + R"(":1,"a_1":2,"statesOf":3,"x.$":"$.a","\u00e9t\u00e9":4})")));
}

// Step Functions evaluates JSONata without an input: a name read from it at
// the top level is refused when the definition is created, once a name:
// "UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not
// supported. at /States/E/Output/v" (recorded in https://github.com/floci-io/floci/issues/2670).
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
TEST(AwsAgreement, JsonataNamesAtTheTopLevel) {
    const std::string jsonata = R"("QueryLanguage":"JSONata",)";
    CompileResult r = c(one_state(R"({"Type":"Pass","End":true,"Output":{"v":"{% phone.number & phone.area %}"}})", jsonata));
    EXPECT_ASL_ERROR(r, "/States/S/Output/v", "UNSUPPORTED_JSONATA_EXPRESSION",
                     "Reference to 'phone' at the top level is not supported.");
    EXPECT_EQ(r.errors.size(), 1u) << describe(r);
    EXPECT_ASL_ERROR(c(R"({"QueryLanguage":"JSONata","StartAt":"C","States":{"C":{"Type":"Choice","Default":"D",
        "Choices":[{"Condition":"{% status = 'ok' %}","Next":"D"}]},"D":{"Type":"Succeed"}}})"),
                     "/States/C/Choices/0/Condition", "UNSUPPORTED_JSONATA_EXPRESSION", "Reference to 'status'");
    // A lambda keeps the input of the expression defining it; `$` is the input itself.
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"Output":"{% $map($states.input.xs, function($v) { total }) %}"})", jsonata)),
                     "/States/S/Output", "UNSUPPORTED_JSONATA_EXPRESSION", "Reference to 'total' at the top level");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"Output":{"all":"{% $ %}"}})", jsonata)), "/States/S/Output/all",
                     "UNSUPPORTED_JSONATA_EXPRESSION", "Reference to '$' at the top level is not supported.");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"Output":"{% $$.Execution.Id %}"})", jsonata)), "/States/S/Output",
                     "UNSUPPORTED_JSONATA_EXPRESSION", "'$$'");
    EXPECT_COMPILES(c(one_state(
        R"({"Type":"Pass","End":true,"Output":{"v":"{% $states.input.phone.number %}","w":"{% $states.input.items[price > 5].name %}","x":"{% $map($states.input.xs, function($v) { $v.total }) %}"}})",
        jsonata)));
}

// `$states.errorOutput` is "only available in a Catch": AWS refuses a read of
// it in any other field (recorded in https://github.com/floci-io/floci/pull/2786).
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
TEST(AwsAgreement, ErrorOutputOnlyInACatcher) {
    const std::string jsonata = R"("QueryLanguage":"JSONata",)";
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Pass","End":true,"Output":{"e":"{% $states.errorOutput.Cause %}"}})", jsonata)),
                     "/States/S/Output/e", "UNSUPPORTED_JSONATA_EXPRESSION", "$states.errorOutput is only available");
    EXPECT_ASL_ERROR(c(one_state(R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,"Assign":{"e":"{% $states.errorOutput %}"}})", jsonata)),
                     "/States/S/Assign/e", "UNSUPPORTED_JSONATA_EXPRESSION", "$states.errorOutput is only available");
    EXPECT_COMPILES(c(R"({"QueryLanguage":"JSONata","StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
        "Catch":[{"ErrorEquals":["States.ALL"],"Next":"F","Output":"{% $states.errorOutput %}","Assign":{"cause":"{% $states.errorOutput.Cause %}"}}]},
        "F":{"Type":"Fail"}}})"));
}

// The diagnostic codes AWS lists for a Map Label: INVALID_LABEL_NAME and
// DUPLICATE_LABEL_NAME (see distributed_map_test.cpp for every rule of the Label).
TEST(AwsAgreement, LabelCodes) {
    auto dmap = [](const std::string& label) {
        return c(one_state(R"({"Type":"Map","End":true,"Label":")" + label +
                           R"(","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Succeed"}}}})"));
    };
    EXPECT_ASL_ERROR(dmap("a b"), "/States/S/Label", "INVALID_LABEL_NAME", "must not contain whitespace");
    EXPECT_COMPILES(dmap("ab"));
}

// A scope with no terminal state gets MISSING_END_STATE alone: AWS does not
// also report its unreachable states; with a terminal state, an unreachable
// one is reported (measured with validate-state-machine-definition in
// https://github.com/floci-io/floci/pull/2786).
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html
TEST(AwsAgreement, NoTerminalStateIsReportedAlone) {
    CompileResult loop = c(R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"},
        "C":{"Type":"Pass","Next":"A"}}})");
    ASSERT_EQ(loop.errors.size(), 1u) << describe(loop);
    EXPECT_ASL_ERROR(loop, "", "MISSING_END_STATE", "no terminal state");
    CompileResult with_end = c(R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"},
        "C":{"Type":"Succeed"}}})");
    ASSERT_EQ(with_end.errors.size(), 1u) << describe(with_end);
    EXPECT_ASL_ERROR(with_end, "/States/C", "MISSING_TRANSITION_TARGET", "State \"C\" is not reachable.");
    CompileResult dangling = c(R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"NOPE"}}})");
    EXPECT_ASL_ERROR(dangling, "/States/A/Next", "MISSING_TRANSITION_TARGET", "Missing 'Next' target: NOPE");
    EXPECT_ASL_ERROR(dangling, "", "MISSING_END_STATE", "no terminal state");
}

// A QueryLanguage other than exactly "JSONPath" is reported and the state is
// then read as JSONata (measured in https://github.com/floci-io/floci/issues/2968):
// a JSONata field on it is not refused a second time.
// https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
TEST(AwsAgreement, AnUnknownQueryLanguageReadsAsJsonata) {
    CompileResult r = c(one_state(R"({"Type":"Pass","End":true,"QueryLanguage":"jsonpath","Output":{"a":1}})"));
    ASSERT_EQ(r.errors.size(), 1u) << describe(r);
    EXPECT_ASL_ERROR(r, "/States/S/QueryLanguage", kSchema, "must be \"JSONPath\" or \"JSONata\", not \"jsonpath\"");
    CompileResult top = c(one_state(R"({"Type":"Pass","End":true,"Output":{"a":1}})", R"("QueryLanguage":7,)"));
    ASSERT_EQ(top.errors.size(), 1u) << describe(top);
    EXPECT_ASL_ERROR(top, "/QueryLanguage", kSchema, "must be a string");
    EXPECT_COMPILES(c(one_state(R"({"Type":"Pass","End":true,"QueryLanguage":"JSONata","Output":{"a":1}})")));
}
