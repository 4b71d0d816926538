// Mocks that would let a test pass for the wrong reason (testing/mock_checks.h).
// A mocked Return is checked against what the service returns, members in
// PascalCase for optimized and AWS SDK integrations alike:
// https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
// https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
#include <gtest/gtest.h>

#include "asl/compile.h"
#include "json/parse.h"
#include "runtime/run.h"
#include "tasks/mock_config.h"
#include "testing/mock_checks.h"

using namespace stepwise;
using stepwise::testing::MockProblem;
using stepwise::testing::Severity;

namespace {

// Validate (lambda:invoke) -> Eligible (Choice) -> Save (DynamoDB GetItem, when eligible) -> Notify (SQS) -> Direct
// (a Lambda function ARN).
const char* kMachine = R"({"StartAt": "Validate", "States": {
  "Validate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "validate"}, "Next": "Eligible"},
  "Eligible": {"Type": "Choice", "Choices": [{"Variable": "$.Payload.ok", "BooleanEquals": true, "Next": "Save"}],
               "Default": "Notify"},
  "Save": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:getItem",
           "Parameters": {"TableName": "orders", "Key": {}}, "Next": "Notify"},
  "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
             "Parameters": {"QueueUrl": "q", "MessageBody": "m"}, "Next": "Direct"},
  "Direct": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Direct", "End": true}}})";

std::shared_ptr<const asl::Machine> compiled(const std::string& text, const asl::CompileOptions& options = {}) {
    asl::CompileResult r = asl::compile(text, options);
    EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front().to_string());
    return r.machine;
}

// A mock config whose test case M/T maps `test_case` (a JSON object) with `responses`.
tasks::MockConfig mocks(const std::string& test_case, const std::string& responses) {
    return tasks::MockConfig::from_json(
        json::parse(R"({"StateMachines": {"M": {"TestCases": {"T": )" + test_case + R"(}}}, "MockedResponses": )" +
                    responses + "}"),
        "mocks.json");
}

std::vector<MockProblem> check(const std::string& test_case, const std::string& responses) {
    return stepwise::testing::check_mock_test_case(*compiled(kMachine), mocks(test_case, responses), "M", "T");
}

// The problems, one a line, for failure messages and substring checks.
std::string text(const std::vector<MockProblem>& problems) {
    std::string out;
    for (const MockProblem& p : problems) out += stepwise::testing::to_string(p) + "\n";
    return out;
}

// The one problem at `pointer`; fails the test when there is none or several.
MockProblem at(const std::vector<MockProblem>& problems, const std::string& pointer) {
    std::vector<MockProblem> found;
    for (const MockProblem& p : problems)
        if (p.pointer == pointer) found.push_back(p);
    EXPECT_EQ(found.size(), 1u) << "problems at " << pointer << " in:\n" << text(problems);
    return found.empty() ? MockProblem{} : found.front();
}

const std::string kInvokeOk = R"({"0": {"Return": {"Payload": {"ok": true}, "StatusCode": 200}}})";

}  // namespace

TEST(MockChecks, MisspelledStateIsAnErrorSuggestingTheState) {
    auto problems = check(R"({"Validat": "R"})", R"({"R": )" + kInvokeOk + "}");
    MockProblem p = at(problems, "/StateMachines/M/TestCases/T/Validat");
    EXPECT_EQ(p.severity, Severity::Error);
    EXPECT_EQ(p.state, "Validat");
    EXPECT_EQ(p.response, "R");
    EXPECT_NE(p.message.find("no state \"Validat\"; did you mean \"Validate\"?"), std::string::npos) << p.message;
    EXPECT_EQ(problems.size(), 1u) << text(problems);
}

TEST(MockChecks, UnknownStateFarFromAnyListsTheTaskStates) {
    auto problems = check(R"({"Shipping": "R"})", R"({"R": )" + kInvokeOk + "}");
    MockProblem p = at(problems, "/StateMachines/M/TestCases/T/Shipping");
    EXPECT_NE(p.message.find("its Task states: Direct, Notify, Save, Validate"), std::string::npos) << p.message;
}

TEST(MockChecks, NonTaskStateIsAnError) {
    auto problems = check(R"({"Eligible": "R"})", R"({"R": )" + kInvokeOk + "}");
    MockProblem p = at(problems, "/StateMachines/M/TestCases/T/Eligible");
    EXPECT_EQ(p.severity, Severity::Error);
    EXPECT_NE(p.message.find("is a Choice state"), std::string::npos) << p.message;
}

// MockConfig::from_json rejects the file at load, naming the place; check_mock_test_case never sees it.
TEST(MockChecks, UnknownResponseIsRejectedAtLoadNamingThePlace) {
    try {
        mocks(R"({"Validate": "Missing"})", R"({"R": )" + kInvokeOk + "}");
        FAIL() << "loaded";
    } catch (const tasks::MockConfigError& e) {
        std::string message = e.what();
        EXPECT_NE(message.find("mocks.json: "), std::string::npos) << message;
        EXPECT_NE(message.find("\"Missing\""), std::string::npos) << message;
        EXPECT_NE(message.find("at /StateMachines/M/TestCases/T/Validate"), std::string::npos) << message;
    }
}

TEST(MockChecks, ThrowWithoutErrorIsAnError) {
    auto problems = check(R"({"Validate": "R"})", R"({"R": {"0": {"Throw": {"Cause": "no error"}}}})");
    MockProblem p = at(problems, "/MockedResponses/R/0/Throw");
    EXPECT_EQ(p.severity, Severity::Error);
    EXPECT_EQ(p.invocation, "0");
    EXPECT_NE(p.message.find("\"Error\" string"), std::string::npos) << p.message;
}

TEST(MockChecks, ReturnAndThrowTogetherOrAMisspelledReturnAreErrors) {
    auto problems = check(R"({"Validate": "R"})", R"({"R": {
        "0": {"Return": {"StatusCode": 200}, "Throw": {"Error": "E"}},
        "1": {"Retrun": {"StatusCode": 200}}}})");
    EXPECT_NE(at(problems, "/MockedResponses/R/0").message.find("both"), std::string::npos);
    MockProblem misspelled = at(problems, "/MockedResponses/R/1/Retrun");
    EXPECT_EQ(misspelled.severity, Severity::Error);
    EXPECT_NE(misspelled.message.find("did you mean \"Return\"?"), std::string::npos) << misspelled.message;
}

TEST(MockChecks, HoleInTheInvocationsIsAWarning) {
    auto problems =
        check(R"({"Validate": "R"})", R"({"R": {"0": {"Throw": {"Error": "E"}}, "3": {"Throw": {"Error": "E"}}}})");
    MockProblem p = at(problems, "/MockedResponses/R");
    EXPECT_EQ(p.severity, Severity::Warning);
    EXPECT_NE(p.message.find("no entry for invocation 1-2"), std::string::npos) << p.message;
}

TEST(MockChecks, LambdaInvokeReturnMemberNotInTheShape) {
    auto problems =
        check(R"({"Validate": "R"})", R"({"R": {"0": {"Return": {"Payloadx": {"ok": true}, "StatusCode": 200}}}})");
    MockProblem p = at(problems, "/MockedResponses/R/0/Return/Payloadx");
    EXPECT_EQ(p.severity, Severity::Error);
    EXPECT_EQ(p.invocation, "0");
    EXPECT_NE(p.message.find("\"Payloadx\" is not a member of lambda Invoke's output"), std::string::npos) << p.message;
    EXPECT_NE(p.message.find("did you mean \"Payload\"?"), std::string::npos) << p.message;
    EXPECT_NE(p.message.find("StatusCode"), std::string::npos) << p.message;  // the known members
    EXPECT_EQ(problems.size(), 1u) << text(problems);
}

// The most common slip: the function's result given as the whole Invoke response.
TEST(MockChecks, LambdaInvokeReturnThatIsThePayloadPointsToPayload) {
    auto problems = check(R"({"Validate": "R"})", R"({"R": {"0": {"Return": {"ok": true}}}})");
    MockProblem p = at(problems, "/MockedResponses/R/0/Return/ok");
    EXPECT_NE(p.message.find("the function's result goes under \"Payload\""), std::string::npos) << p.message;
}

TEST(MockChecks, AwsSdkDynamoDbGetItemReturnIsChecked) {
    auto problems = check(R"({"Save": "R"})", R"({"R": {
        "0": {"Return": {"Itemx": {}}},
        "1": {"Return": {"Item": {"id": {"Sx": "1"}}}},
        "2": {"Return": {"Item": {"id": {"S": "1"}, "tags": {"L": [{"S": "a"}, {"N": "2"}]}}}}}})");
    MockProblem member = at(problems, "/MockedResponses/R/0/Return/Itemx");
    EXPECT_NE(member.message.find("dynamodb GetItem's output"), std::string::npos) << member.message;
    EXPECT_NE(member.message.find("did you mean \"Item\"?"), std::string::npos) << member.message;
    // Inside the item: AttributeValue's members.
    MockProblem nested = at(problems, "/MockedResponses/R/1/Return/Item/id/Sx");
    EXPECT_NE(nested.message.find("did you mean \"S\"?"), std::string::npos) << nested.message;
    EXPECT_EQ(problems.size(), 2u) << text(problems);
}

TEST(MockChecks, SqsSendMessageReturnIsChecked) {
    auto problems = check(R"({"Notify": "R"})",
                          R"({"R": {"0": {"Return": {"MessageId": "m-1", "MD5OfBody": "x", "SdkHttpMetadata": {}}}}})");
    MockProblem p = at(problems, "/MockedResponses/R/0/Return/MD5OfBody");
    EXPECT_NE(p.message.find("did you mean \"MD5OfMessageBody\"?"), std::string::npos) << p.message;
    EXPECT_EQ(problems.size(), 1u) << text(problems);
}

TEST(MockChecks, WrongTypeIsAnError) {
    auto problems = check(R"({"Validate": "R", "Notify": "S"})", R"({
        "R": {"0": {"Return": {"Payload": "any value", "StatusCode": "200"}}},
        "S": {"0": {"Return": "m-1"}}})");
    MockProblem number = at(problems, "/MockedResponses/R/0/Return/StatusCode");
    EXPECT_EQ(number.severity, Severity::Error);
    EXPECT_NE(number.message.find("expected a number"), std::string::npos) << number.message;
    EXPECT_NE(number.message.find("got \"200\""), std::string::npos) << number.message;
    MockProblem object = at(problems, "/MockedResponses/S/0/Return");
    EXPECT_NE(object.message.find("expected an object"), std::string::npos) << object.message;
    EXPECT_EQ(problems.size(), 2u) << text(problems);
}

TEST(MockChecks, NullMemberIsAWarning) {
    auto problems =
        check(R"({"Validate": "R"})", R"({"R": {"0": {"Return": {"Payload": null, "FunctionError": null}}}})");
    EXPECT_EQ(at(problems, "/MockedResponses/R/0/Return/FunctionError").severity, Severity::Warning);
    EXPECT_EQ(problems.size(), 1u) << text(problems);  // Payload is any JSON value, null too
}

// Optimized integrations return the SDK's response metadata; AWS SDK integrations do not.
TEST(MockChecks, SdkHttpMetadataIsAcceptedForOptimizedIntegrations) {
    const std::string metadata = R"("SdkHttpMetadata": {"HttpStatusCode": 200, "HttpHeaders": {}},
                                    "SdkResponseMetadata": {"RequestId": "r-1"})";
    auto problems = check(R"({"Validate": "R", "Save": "S"})",
                          R"({"R": {"0": {"Return": {"Payload": {"ok": true}, "StatusCode": 200, )" + metadata +
                              R"(}}}, "S": {"0": {"Return": {"Item": {}, )" + metadata + "}}}}");
    EXPECT_EQ(at(problems, "/MockedResponses/S/0/Return/SdkHttpMetadata").severity, Severity::Error);
    EXPECT_EQ(at(problems, "/MockedResponses/S/0/Return/SdkResponseMetadata").severity, Severity::Error);
    EXPECT_EQ(problems.size(), 2u) << text(problems);
}

TEST(MockChecks, PlainLambdaArnReturnsAnything) {
    EXPECT_TRUE(check(R"({"Direct": "R"})", R"({"R": {"0": {"Return": {"anything": [1, 2]}}, "1": {"Return": "text"},
                                                        "2": {"Return": null}}})")
                    .empty());
}

TEST(MockChecks, ActivityMockIsAWarning) {
    auto machine = compiled(R"({"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
        "Resource": "arn:aws:states:us-east-1:123456789012:activity:Approve", "End": true}}})");
    tasks::MockConfig config = mocks(R"({"Approve": "R"})", R"({"R": {"0": {"Return": {}}}})");
    auto problems = stepwise::testing::check_mock_test_case(*machine, config, "M", "T");
    EXPECT_EQ(at(problems, "/StateMachines/M/TestCases/T/Approve").severity, Severity::Warning);
}

// Every test case of the example's mock file fits its definition.
TEST(MockChecks, ExampleMocksAreClean) {
    const std::string dir = STEPWISE_SOURCE_DIR "/examples/vehicle-order-cancellation/";
    asl::CompileOptions options;
    const json::Value substitutions = json::parse_file(dir + "substitutions.json");
    for (const auto& [name, value] : substitutions.as_object())
        options.substitutions[std::string(name.as_string())] = std::string(value.as_string());
    auto machine = compiled(json::read_file(dir + "statemachine.asl.json"), options);
    tasks::MockConfig config = tasks::MockConfig::load(dir + "mocks.json");
    ASSERT_EQ(config.state_machines().size(), 1u);
    const std::string name = config.state_machines().front();
    ASSERT_EQ(config.test_cases(name).size(), 4u);
    for (const std::string& test_case : config.test_cases(name))
        EXPECT_EQ(text(stepwise::testing::check_mock_test_case(*machine, config, name, test_case)), "") << test_case;
}

namespace {

// Runs kMachine with the test case (input {}) and returns what unused_mocks finds.
std::vector<MockProblem> run_and_check(const std::string& test_case, const std::string& responses) {
    auto config = std::make_shared<const tasks::MockConfig>(mocks(test_case, responses));
    runtime::RunServices services;
    services.mocks = config;
    services.test_case = "T";
    runtime::RunOptions options;
    options.state_machine_name = "M";
    runtime::RunResult result = runtime::run(compiled(kMachine), json::Object{}, services, options);
    EXPECT_EQ(result.status_name(), "SUCCEEDED") << result.error.value_or("") << " " << result.cause.value_or("");
    return stepwise::testing::unused_mocks(*config, "M", "T", stepwise::testing::mocked_calls(result));
}

// Validate answers not eligible, so Save is never called.
const std::string kNotEligible = R"({"0": {"Return": {"Payload": {"ok": false}, "StatusCode": 200}}})";

}  // namespace

TEST(MockChecks, MockNoCallUsedIsAnError) {
    auto problems = run_and_check(R"({"Validate": "V", "Save": "S", "Notify": "N", "Direct": "D"})",
                                  R"({"V": )" + kNotEligible + R"(, "S": {"0": {"Return": {}}},
                                      "N": {"0": {"Return": {"MessageId": "m"}}}, "D": {"0": {"Return": 1}}})");
    MockProblem p = at(problems, "/StateMachines/M/TestCases/T/Save");
    EXPECT_EQ(p.severity, Severity::Error);
    EXPECT_EQ(p.state, "Save");
    EXPECT_NE(p.message.find("never called"), std::string::npos) << p.message;
    EXPECT_EQ(problems.size(), 1u) << text(problems);
}

TEST(MockChecks, InvocationRangeNoCallReachedIsAWarning) {
    auto problems = run_and_check(R"({"Validate": "V", "Notify": "N", "Direct": "D"})",
                                  R"({"V": {"0": {"Return": {"Payload": {"ok": false}}},
                                            "1-2": {"Throw": {"Error": "E"}}},
                                      "N": {"0": {"Return": {"MessageId": "m"}}}, "D": {"0": {"Return": 1}}})");
    MockProblem p = at(problems, "/MockedResponses/V/1-2");
    EXPECT_EQ(p.severity, Severity::Warning);
    EXPECT_EQ(p.state, "Validate");
    EXPECT_EQ(p.invocation, "1-2");
    EXPECT_NE(p.message.find("called \"Validate\" once (invocation 0)"), std::string::npos) << p.message;
    EXPECT_EQ(problems.size(), 1u) << text(problems);
}

// A Distributed Map's mock stands in for its ItemReader's data (tasks/map_run/map_runner.h):
// a Return that is the object's text or the items passes; anything else, or a Map that reads
// no ItemReader, is an error naming the place.
TEST(MockChecks, DistributedMapReaderMock) {
    auto map_machine = [](const std::string& fields) {
        return compiled(R"({"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "End": true, )" + fields +
                        R"("ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                           "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}})");
    };
    auto reading = map_machine(R"("ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}, "Parameters": {"Bucket": "b", "Key": "k"}},)");
    auto check_map = [](const asl::Machine& m, const std::string& responses) {
        return stepwise::testing::check_mock_test_case(m, mocks(R"({"Fan": "R"})", responses), "M", "T");
    };
    EXPECT_EQ(text(check_map(*reading, R"({"R": {"0": {"Return": "a,b\n1,2\n"}, "1": {"Return": [{"a": 1}]}}})")), "");
    MockProblem p = at(check_map(*reading, R"({"R": {"0": {"Return": {"a": 1}}}})"), "/MockedResponses/R/0/Return");
    EXPECT_EQ(p.severity, Severity::Error);
    EXPECT_NE(p.message.find("the object's text (a string) or the items (an array)"), std::string::npos) << p.message;
    auto from_input = map_machine(R"("ItemsPath": "$.items",)");
    p = at(check_map(*from_input, R"({"R": {"0": {"Return": []}}})"), "/StateMachines/M/TestCases/T/Fan");
    EXPECT_NE(p.message.find("without an ItemReader"), std::string::npos) << p.message;
}
