// Task resources -> local functions: the lambda:invoke result shape, the
// plain Lambda ARN resource, FunctionName forms, and AWS's errors.
#include "resource_fixture.h"
#include "tasks/lambda_dispatcher.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "json/parse.h"
#include "json/write.h"
#include "lambda_test_util.h"
#include "tasks/lambda_errors.h"
#include "tasks/lambda_invoke_result.h"
#include "tasks/mock_config.h"
#include "tasks/task_router.h"

using namespace stepwise;
using namespace stepwise::tasks;
using namespace stepwise::tasks::testing;

namespace {

class DispatcherTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir.write("bin/echo.sh", "#!/bin/sh\necho 'log line' >&2\ncat\n", true);
        dir.write("bin/slow.sh", "#!/bin/sh\nsleep 60\n", true);
        dir.write("bin/huge.sh", "#!/bin/sh\nprintf '\"'; head -c 6300000 /dev/zero | tr '\\0' a; printf '\"'\n", true);
        dir.write("bin/mark.sh", "#!/bin/sh\nsleep 1\ncat > " + dir.file("marker.json") + "\n", true);
        dir.write("bin/fail.sh", "#!/bin/sh\necho 'about to fail' >&2\nexit 3\n", true);
        dir.write("py/fail.py", "def handler(event, context):\n    raise Exception(\"Some exception was raised.\")\n");
        project = std::make_shared<ProjectConfig>(project_from(dir, R"({
          "functions": {
            "Echo": {"runtime": "command", "command": ["./bin/echo.sh"]},
            "Slow": {"runtime": "command", "command": ["./bin/slow.sh"], "timeout": 10},
            "Huge": {"runtime": "command", "command": ["./bin/huge.sh"], "timeout": 20},
            "Mark": {"runtime": "command", "command": ["./bin/mark.sh"], "timeout": 20},
            "Fail": {"runtime": "command", "command": ["./bin/fail.sh"]},
            "PyFail": {"runtime": "python", "handler": "fail.handler", "codeDir": "py"}
          }
        })"));
        DispatcherOptions options;
        options.request_id = [] { return std::string("b8155f46-1f33-4688-9d39-0266c7c5cde6"); };
        options.http_date = [] { return std::string("Tue, 21 Oct 2025 14:03:11 GMT"); };
        options.trace_id = [] { return std::string("root=1-68f7929f-bb7d6efcfeccacb7f2986091;parent=c6baea199e7cd8d8;sampled=0;lineage=1:21943466:0"); };
        dispatcher = std::make_unique<LambdaDispatcher>(project, options);
    }

    TaskRequest invoke_request(const std::string& function_name, const std::string& payload_json,
                               const std::string& more_parameters = "") {
        TaskRequest r;
        r.state_name = "ValidateCancellationEligibility";
        r.resource = fixtures::resource_of("arn:aws:states:::lambda:invoke");
        r.parameters = json::parse(R"({"FunctionName":)" + json::quoted(function_name) + R"(,"Payload":)" + payload_json +
                                   more_parameters + "}");
        return r;
    }

    TempDir dir;
    std::shared_ptr<ProjectConfig> project;
    std::unique_ptr<LambdaDispatcher> dispatcher;
};

}  // namespace

TEST(LambdaInvokeResult, MatchesTheCapturedAwsShape) {
    json::Value mocks = json::parse_file(std::string(STEPWISE_SHARED_DIR) + "/examples/vehicle-order-cancellation/mocks.json");
    const json::Value& captured = *mocks.find("MockedResponses")->find("ValidateOrderEligible")->find("0")->find("Return");
    LambdaInvokeMetadata meta;
    meta.request_id = "b8155f46-1f33-4688-9d39-0266c7c5cde6";
    meta.date = "Tue, 21 Oct 2025 14:03:11 GMT";
    meta.trace_id = "root=1-68f7929f-bb7d6efcfeccacb7f2986091;parent=c6baea199e7cd8d8;sampled=0;lineage=1:21943466:0";
    // The function's response as Node.js writes it (compact JSON).
    std::string payload = json::dump(*captured.find("Payload"));
    json::Value ours = lambda_invoke_result(payload, meta);
    EXPECT_EQ(ours, captured) << json::pretty(ours);
    EXPECT_EQ(json::dump(ours), json::dump(captured));  // same key order too
}

TEST(LambdaInvokeResult, PayloadThatIsNotJsonStaysText) {
    json::Value r = lambda_invoke_result("HelloWorld!", {"id", "$LATEST", "d", "t"});
    EXPECT_EQ(r.find("Payload")->as_string(), "HelloWorld!");
    EXPECT_EQ(r.find("SdkHttpMetadata")->find("HttpHeaders")->find("Content-Length")->as_string(), "11");
}

TEST_F(DispatcherTest, LambdaInvokeWrapsThePayload) {
    TaskOutcome o = dispatcher->invoke(invoke_request("Echo", R"({"orderId":"ORD-1","name":"Zoë"})"));
    ASSERT_EQ(o.kind, TaskOutcome::Kind::Succeeded) << o.error << o.cause;
    EXPECT_NE(o.kind, TaskOutcome::Kind::Submitted);
    EXPECT_EQ(json::dump(*o.result.find("Payload")), R"({"orderId":"ORD-1","name":"Zoë"})");
    EXPECT_EQ(o.result.find("StatusCode")->as_int(), 200);
    EXPECT_EQ(o.result.find("ExecutedVersion")->as_string(), "$LATEST");
    const json::Value& headers = *o.result.find("SdkHttpMetadata")->find("HttpHeaders");
    // Content-Length counts UTF-8 bytes: ë is two.
    EXPECT_EQ(headers.find("Content-Length")->as_string(), std::to_string(std::string(R"({"orderId":"ORD-1","name":"Zoë"})").size()));
    EXPECT_EQ(o.result.find("SdkResponseMetadata")->find("RequestId")->as_string(), "b8155f46-1f33-4688-9d39-0266c7c5cde6");
    ASSERT_EQ(o.logs.size(), 1u);
    EXPECT_EQ(o.logs[0], "log line");
}

TEST_F(DispatcherTest, FunctionNameForms) {
    for (const char* name : {"Echo", "Echo:$LATEST", "Echo:live", "123456789012:function:Echo",
                             "arn:aws:lambda:us-east-1:123456789012:function:Echo",
                             "arn:aws:lambda:eu-west-1:111111111111:function:Echo:7"}) {
        TaskOutcome o = dispatcher->invoke(invoke_request(name, "[1]"));
        ASSERT_EQ(o.kind, TaskOutcome::Kind::Succeeded) << name << ": " << o.error << " " << o.cause;
        EXPECT_EQ(json::dump(*o.result.find("Payload")), "[1]") << name;
    }
    TaskOutcome versioned = dispatcher->invoke(invoke_request("Echo:7", "1"));
    EXPECT_EQ(versioned.result.find("ExecutedVersion")->as_string(), "7");
}

TEST_F(DispatcherTest, PlainLambdaResourceReturnsThePayloadItself) {
    TaskRequest r;
    r.state_name = "step1";
    r.resource = fixtures::resource_of("arn:aws:lambda:us-east-1:111111111111:function:Echo");
    r.parameters = json::parse(R"({"body":"string body"})");
    TaskOutcome o = dispatcher->invoke(r);
    ASSERT_EQ(o.kind, TaskOutcome::Kind::Succeeded) << o.cause;
    EXPECT_EQ(json::dump(o.result), R"({"body":"string body"})");
    r.parameters = json::Value("HelloWorld");
    EXPECT_EQ(json::dump(dispatcher->invoke(r).result), R"("HelloWorld")");
}

TEST_F(DispatcherTest, UnknownFunctionIsResourceNotFound) {
    TaskOutcome o = dispatcher->invoke(invoke_request("no_such_lambda_func_5f0a0001", "null"));
    ASSERT_EQ(o.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(o.error, "Lambda.ResourceNotFoundException");
    EXPECT_EQ(o.cause,
              "Function not found: arn:aws:lambda:us-east-1:123456789012:function:no_such_lambda_func_5f0a0001:$LATEST "
              "(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: "
              "b8155f46-1f33-4688-9d39-0266c7c5cde6; Proxy: null)");
    ASSERT_EQ(o.logs.size(), 1u);
    EXPECT_NE(o.logs[0].find("state 'ValidateCancellationEligibility'"), std::string::npos);
    EXPECT_NE(o.logs[0].find("functions: Echo, Fail, Huge, Mark, PyFail, Slow"), std::string::npos) << o.logs[0];
}

TEST_F(DispatcherTest, UnsubstitutedPlaceholderIsAValidationError) {
    TaskOutcome o = dispatcher->invoke(invoke_request("${ValidateOrderFunctionArn}", "{}"));
    ASSERT_EQ(o.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(o.error, "Lambda.AWSLambdaException");
    EXPECT_NE(o.cause.find("Value '${ValidateOrderFunctionArn}' at 'functionName' failed to satisfy constraint"), std::string::npos);
    EXPECT_NE(o.cause.find("Error Code: ValidationException"), std::string::npos);
}

TEST_F(DispatcherTest, ResourcesThatCannotBeServedNameStateAndResource) {
    TaskRequest r;
    r.state_name = "SendMessage";
    r.resource = fixtures::resource_of("arn:aws:states:::sqs:sendMessage");
    r.parameters = json::parse("{}");
    TaskOutcome o = dispatcher->invoke(r);
    EXPECT_EQ(o.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(o.error, "States.Runtime");
    EXPECT_NE(o.cause.find("'SendMessage'"), std::string::npos);
    EXPECT_NE(o.cause.find("arn:aws:states:::sqs:sendMessage"), std::string::npos);
    EXPECT_FALSE(dispatcher->defines(r));

    TaskRequest missing = invoke_request("Echo", "{}");
    missing.parameters = json::parse(R"({"Payload":{}})");
    TaskOutcome m = dispatcher->invoke(missing);
    EXPECT_EQ(m.error, "States.Runtime");
    EXPECT_NE(m.cause.find("FunctionName"), std::string::npos);
}

TEST_F(DispatcherTest, WaitForTaskTokenInvokesAndAwaitsTheCallback) {
    TaskRequest r = invoke_request("Echo", R"({"token":"AQB8AAAAKgAAAAMAAAAAAAAAAd"})");
    r.resource = fixtures::resource_of("arn:aws:states:::lambda:invoke.waitForTaskToken");
    r.task_token = "AQB8AAAAKgAAAAMAAAAAAAAAAd";
    TaskOutcome o = dispatcher->invoke(r);
    EXPECT_EQ(o.kind, TaskOutcome::Kind::Submitted);
}

TEST_F(DispatcherTest, StateTimeoutSoonerThanTheFunctionsIsStatesTimeout) {
    TaskRequest r = invoke_request("Slow", "{}");
    r.timeout_seconds = 0.2;
    auto start = Clock::now();
    TaskOutcome o = dispatcher->invoke(r);
    // Cut short by the timeout: the function sleeps a minute (a generous bound, not a speed test).
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(30));
    EXPECT_EQ(o.kind, TaskOutcome::Kind::TimedOut);
    EXPECT_EQ(o.error, "States.Timeout");
}

TEST_F(DispatcherTest, FunctionErrorCauseIsCompactForLambdaInvokeAndRawForThePlainResource) {
    if (!have_program("python3")) GTEST_SKIP();
    TaskOutcome service = dispatcher->invoke(invoke_request("PyFail", "null"));
    ASSERT_EQ(service.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(service.error, "Exception");
    EXPECT_EQ(service.cause.find(R"({"errorMessage":"Some exception was raised.","errorType":"Exception","requestId":")"), 0u)
        << service.cause;

    TaskRequest plain;
    plain.state_name = "Start";
    plain.resource = fixtures::resource_of("arn:aws:lambda:us-east-1:111111111111:function:PyFail");
    plain.parameters = json::parse("null");
    TaskOutcome legacy = dispatcher->invoke(plain);
    EXPECT_EQ(legacy.error, "Exception");
    EXPECT_EQ(legacy.cause.find(R"({"errorMessage": "Some exception was raised.", "errorType": "Exception", "requestId": ")"), 0u)
        << legacy.cause;
    json::Value doc = json::parse(legacy.cause);
    EXPECT_EQ(doc.find("stackTrace")->size(), 1u);
}

TEST(FunctionErrorOutcome, WithoutErrorTypeItIsLambdaUnknown) {
    TaskOutcome o = function_error_outcome(R"({"errorMessage":"2020-11-10T05:46:57.874Z 1607 Task timed out after 3.07 seconds"})", true);
    EXPECT_EQ(o.error, "Lambda.Unknown");
    EXPECT_EQ(o.cause, R"({"errorMessage":"2020-11-10T05:46:57.874Z 1607 Task timed out after 3.07 seconds"})");
    EXPECT_EQ(function_error_outcome("not json", false).error, "Lambda.Unknown");
}

// Behind a mock test case on the task router's road: unmocked states reach the local function.
TEST_F(DispatcherTest, ServesTheStatesAMockTestCaseLeaves) {
    auto config = std::make_shared<MockConfig>(MockConfig::from_json(json::parse(R"({
      "StateMachines": {"M": {"TestCases": {"T": {"Mocked": "R"}}}},
      "MockedResponses": {"R": {"0": {"Return": {"mocked": true}}}}
    })")));
    MockExecutor mocks(config, &config->test_case("M", "T"));
    RouterOptions options;
    options.functions = std::shared_ptr<LambdaDispatcher>(dispatcher.get(), [](LambdaDispatcher*) {});
    TaskRouter router(options);
    auto routed = [&](const TaskRequest& request) {
        TaskOutcome out;
        router.call(router.route(request, &mocks), request, &mocks, [](std::function<void()> work) { work(); },
                    [&out](TaskOutcome o) { out = std::move(o); });
        return out;
    };
    TaskRequest mocked = invoke_request("Echo", "{}");
    mocked.state_name = "Mocked";
    EXPECT_EQ(json::dump(routed(mocked).result), R"({"mocked":true})");
    TaskRequest real = invoke_request("Echo", R"({"real":1})");
    real.state_name = "Unmocked";
    EXPECT_EQ(json::dump(*routed(real).result.find("Payload")), R"({"real":1})");
}

TEST_F(DispatcherTest, ResponsesOverSixMegabytesAreLambdasError) {
    TaskOutcome o = dispatcher->invoke(invoke_request("Huge", "{}"));
    ASSERT_EQ(o.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(o.error, "Function.ResponseSizeTooLarge");
    EXPECT_NE(o.cause.find("Response payload size exceeded maximum allowed payload size (6291556 bytes)."), std::string::npos);
}

// InvocationType, as the Lambda Invoke API defines it
// (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html): Event invokes
// asynchronously and answers 202, DryRun validates without running and answers
// 204; neither has a response body. lambda:invoke passes InvocationType through
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html).
// The empty Payload of an Event invoke as SDKs show it ({StatusCode: 202, Payload: ''}):
// https://github.com/aws/aws-cdk/issues/25325; the executed version is returned for
// RequestResponse only: https://docs.rs/rusoto_lambda/0.33.1/x86_64-apple-darwin/struct.InvocationResponse.html
namespace {

void expect_bodiless(const json::Value& result, int status) {
    EXPECT_EQ(result.find("StatusCode")->as_int(), status);
    EXPECT_EQ(json::dump(*result.find("Payload")), R"("")");
    EXPECT_EQ(result.find("ExecutedVersion"), nullptr);
    const json::Value& http = *result.find("SdkHttpMetadata");
    EXPECT_EQ(http.find("HttpStatusCode")->as_int(), status);
    EXPECT_EQ(http.find("HttpHeaders")->find("Content-Length")->as_string(), "0");
    EXPECT_EQ(http.find("HttpHeaders")->find("X-Amz-Executed-Version"), nullptr);
    EXPECT_EQ(http.find("AllHttpHeaders")->find("X-Amz-Executed-Version"), nullptr);
    EXPECT_EQ(result.find("SdkResponseMetadata")->find("RequestId")->as_string(), "b8155f46-1f33-4688-9d39-0266c7c5cde6");
}

}  // namespace

TEST_F(DispatcherTest, EventRunsTheFunctionWithoutWaitingForIt) {
    TaskOutcome o = dispatcher->invoke(invoke_request("Mark", R"({"n":1})", R"(,"InvocationType":"Event")"));
    ASSERT_EQ(o.kind, TaskOutcome::Kind::Succeeded) << o.error << o.cause;
    expect_bodiless(o.result, 202);
    EXPECT_FALSE(std::filesystem::exists(dir.file("marker.json")));  // the function sleeps a second first
    dispatcher->wait_async();
    std::ifstream marker(dir.file("marker.json"));
    std::string written((std::istreambuf_iterator<char>(marker)), std::istreambuf_iterator<char>());
    EXPECT_EQ(written, R"({"n":1})");
}

TEST_F(DispatcherTest, AFailedEventInvocationIsPrintedToStderr) {
    ::testing::internal::CaptureStderr();
    TaskOutcome o = dispatcher->invoke(invoke_request("Fail", "{}", R"(,"InvocationType":"Event")"));
    dispatcher->wait_async();
    std::string err = ::testing::internal::GetCapturedStderr();
    ASSERT_EQ(o.kind, TaskOutcome::Kind::Succeeded);  // the Task does not see the function fail
    EXPECT_NE(err.find("state 'ValidateCancellationEligibility'"), std::string::npos) << err;
    EXPECT_NE(err.find("asynchronous (Event) invocation b8155f46-1f33-4688-9d39-0266c7c5cde6 of function 'Fail' failed"),
              std::string::npos)
        << err;
    EXPECT_NE(err.find("  about to fail"), std::string::npos) << err;
}

TEST_F(DispatcherTest, EventWithWaitForTaskTokenAwaitsTheCallback) {
    TaskRequest r = invoke_request("Echo", R"({"token":"AQB8"})", R"(,"InvocationType":"Event")");
    r.resource = fixtures::resource_of("arn:aws:states:::lambda:invoke.waitForTaskToken");
    r.task_token = "AQB8";
    TaskOutcome o = dispatcher->invoke(r);
    ASSERT_EQ(o.kind, TaskOutcome::Kind::Submitted);
    expect_bodiless(o.result, 202);
}

TEST_F(DispatcherTest, DryRunDoesNotRunTheFunction) {
    TaskOutcome o = dispatcher->invoke(invoke_request("Mark", "{}", R"(,"InvocationType":"DryRun")"));
    ASSERT_EQ(o.kind, TaskOutcome::Kind::Succeeded) << o.error << o.cause;
    expect_bodiless(o.result, 204);
    dispatcher->wait_async();
    EXPECT_FALSE(std::filesystem::exists(dir.file("marker.json")));
    // It still checks that the function exists.
    TaskOutcome missing = dispatcher->invoke(invoke_request("NoSuchFunction", "{}", R"(,"InvocationType":"DryRun")"));
    EXPECT_EQ(missing.error, "Lambda.ResourceNotFoundException");
}

TEST_F(DispatcherTest, RequestResponseIsTheDefaultAndMayBeNamed) {
    TaskOutcome o = dispatcher->invoke(invoke_request("Echo", "[2]", R"(,"InvocationType":"RequestResponse")"));
    ASSERT_EQ(o.kind, TaskOutcome::Kind::Succeeded);
    EXPECT_EQ(o.result.find("StatusCode")->as_int(), 200);
    EXPECT_EQ(json::dump(*o.result.find("Payload")), "[2]");
}

// Lambda's validation of the enum, as it answers it:
// https://github.com/ex-aws/ex_aws/pull/442 (a captured ValidationException body)
TEST_F(DispatcherTest, UnknownInvocationTypeIsLambdasValidationError) {
    TaskOutcome o = dispatcher->invoke(invoke_request("Echo", "{}", R"(,"InvocationType":"Async")"));
    ASSERT_EQ(o.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(o.error, "Lambda.AWSLambdaException");
    EXPECT_EQ(o.cause,
              "1 validation error detected: Value 'Async' at 'invocationType' failed to satisfy constraint: Member must "
              "satisfy enum value set: [DryRun, RequestResponse, Event] (Service: AWSLambda; Status Code: 400; Error "
              "Code: ValidationException; Request ID: b8155f46-1f33-4688-9d39-0266c7c5cde6; Proxy: null)");
}
