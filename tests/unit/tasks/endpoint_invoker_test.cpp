// Hybrid runs: service integrations sent to a configured endpoint, signed with
// SigV4, and http:invoke, against a loopback server.
//   SigV4: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
//   endpoints: https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
//   error names: https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
//   DynamoDB's JSON protocol: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
//   the HTTP Task: https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html
#include "resource_fixture.h"
#include "tasks/endpoint_invoker.h"

#include <gtest/gtest.h>

#include "aws/digest.h"
#include "aws/sigv4.h"
#include "json/parse.h"
#include "json/write.h"
#include "lambda_test_util.h"
#include "loopback_server.h"

using namespace stepwise;
using namespace stepwise::tasks;
using namespace stepwise::tasks::testing;

namespace {

constexpr const char* kKeyId = "AKIDTEST";
constexpr const char* kSecret = "test/secret/key";

std::string response(int status, const std::string& body, const std::string& content_type = "application/x-amz-json-1.0",
                     const std::string& reason = "OK", const std::string& extra_headers = "") {
    return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + content_type +
           "\r\nx-amzn-RequestId: REQ1\r\n" + extra_headers + "Content-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

// With the task router, TaskRequest carries the parsed resource; this is the one place to change then.
TaskRequest task(const std::string& resource, const std::string& parameters) {
    TaskRequest r;
    r.state_name = "Call";
    r.resource = fixtures::resource_of(resource);
    r.parameters = json::parse(parameters);
    return r;
}

EndpointOptions options_with(std::map<std::string, std::string> environment) {
    EndpointOptions o;
    o.use_process_environment = false;
    o.environment = std::move(environment);
    return o;
}

std::map<std::string, std::string> credentials_and(std::map<std::string, std::string> more) {
    more.emplace("AWS_ACCESS_KEY_ID", kKeyId);
    more.emplace("AWS_SECRET_ACCESS_KEY", kSecret);
    more.emplace("AWS_REGION", "eu-west-1");
    return more;
}

asl::Resource parsed(const std::string& resource) { return *asl::parse_resource(resource); }

// The signature the server should see, computed from the request it received.
std::string expected_authorization(const Request& received, const std::string& signed_headers, const std::string& service,
                                   const std::string& key_id = kKeyId, const std::string& secret = kSecret) {
    aws::HeaderList headers;
    std::string_view names = signed_headers;
    while (!names.empty()) {
        auto semicolon = names.find(';');
        std::string name(names.substr(0, semicolon));
        headers.emplace_back(name, received.header(name));
        names = semicolon == std::string_view::npos ? std::string_view() : names.substr(semicolon + 1);
    }
    std::string amz_date = received.header("X-Amz-Date");
    std::string date = amz_date.substr(0, 8);
    std::string canonical = aws::sigv4_canonical_request("POST", "/", "", headers, signed_headers,
                                                         aws::to_hex(aws::sha256(received.body)));
    std::string scope = aws::sigv4_scope(date, "eu-west-1", service);
    return "AWS4-HMAC-SHA256 Credential=" + key_id + "/" + scope + ", SignedHeaders=" + signed_headers +
           ", Signature=" +
           aws::sigv4_signature(aws::sigv4_signing_key(secret, date, "eu-west-1", service),
                                aws::sigv4_string_to_sign(amz_date, scope, canonical));
}

}  // namespace

TEST(EndpointInvoker, DynamoDbPutItemIsASignedJsonProtocolCall) {
    LoopbackServer server([](const Request&) { return response(200, R"({"ConsumedCapacity":{"TableName":"orders"}})"); });
    EndpointInvoker invoker(options_with(credentials_and({{"AWS_ENDPOINT_URL_DYNAMODB", server.url()}})));
    TaskRequest request = task("arn:aws:states:::dynamodb:putItem",
                               R"({"TableName":"orders","Item":{"id":{"S":"ORD-1"},"total":{"N":"12.50"}}})");
    ASSERT_TRUE(invoker.serves(request));
    TaskOutcome outcome = invoker.invoke(request);
    ASSERT_EQ(outcome.kind, TaskOutcome::Kind::Succeeded) << outcome.error << ": " << outcome.cause;
    EXPECT_EQ(json::dump(outcome.result), R"({"ConsumedCapacity":{"TableName":"orders"}})");

    const Request& received = server.last;
    EXPECT_EQ(received.line(), "POST / HTTP/1.1");
    EXPECT_EQ(received.header("X-Amz-Target"), "DynamoDB_20120810.PutItem");
    EXPECT_EQ(received.header("Content-Type"), "application/x-amz-json-1.0");
    EXPECT_EQ(received.header("Host"), "127.0.0.1:" + std::to_string(server.port()));
    EXPECT_EQ(received.body, R"({"TableName":"orders","Item":{"id":{"S":"ORD-1"},"total":{"N":"12.50"}}})");
    EXPECT_EQ(received.header("X-Amz-Security-Token"), "");
    EXPECT_EQ(received.header("Authorization"),
              expected_authorization(received, "content-type;host;x-amz-date;x-amz-target", "dynamodb"));
}

TEST(EndpointInvoker, SessionCredentialsFromTheSharedFileAreSent) {
    TempDir dir;
    std::string file = dir.write("credentials", "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = x\n\n"
                                                "# the profile in use\n[dev]\naws_access_key_id=ASIADEV\n"
                                                "aws_secret_access_key = dev/secret\naws_session_token = TOKEN+1\n");
    LoopbackServer server([](const Request&) { return response(200, "{}"); });
    EndpointInvoker invoker(options_with({{"AWS_SHARED_CREDENTIALS_FILE", file},
                                          {"AWS_PROFILE", "dev"},
                                          {"AWS_DEFAULT_REGION", "eu-west-1"},
                                          {"AWS_ENDPOINT_URL", server.url()}}));
    TaskOutcome outcome = invoker.invoke(task("arn:aws:states:::aws-sdk:dynamodb:getItem", R"({"TableName":"t"})"));
    ASSERT_EQ(outcome.kind, TaskOutcome::Kind::Succeeded) << outcome.cause;
    EXPECT_EQ(server.last.header("X-Amz-Security-Token"), "TOKEN+1");
    EXPECT_EQ(server.last.header("X-Amz-Target"), "DynamoDB_20120810.GetItem");
    EXPECT_EQ(server.last.header("Authorization"),
              expected_authorization(server.last, "content-type;host;x-amz-date;x-amz-security-token;x-amz-target",
                                     "dynamodb", "ASIADEV", "dev/secret"));
}

TEST(EndpointInvoker, MissingCredentialsFailNamingWhatToSet) {
    TempDir home;
    EndpointInvoker invoker(options_with({{"HOME", home.path()}, {"AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9"}}));
    TaskOutcome outcome = invoker.invoke(task("arn:aws:states:::sqs:sendMessage", R"({"QueueUrl":"q","MessageBody":"m"})"));
    ASSERT_EQ(outcome.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(outcome.error, "States.Runtime");
    EXPECT_NE(outcome.cause.find("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), std::string::npos) << outcome.cause;
    EXPECT_NE(outcome.cause.find(home.path() + "/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE)"), std::string::npos)
        << outcome.cause;
    EXPECT_NE(outcome.cause.find("[default] (AWS_PROFILE)"), std::string::npos) << outcome.cause;

    EndpointInvoker half(options_with({{"AWS_ACCESS_KEY_ID", kKeyId}, {"AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9"}}));
    outcome = half.invoke(task("arn:aws:states:::sqs:sendMessage", "{}"));
    EXPECT_EQ(outcome.error, "States.Runtime");
    EXPECT_NE(outcome.cause.find("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"), std::string::npos);
}

TEST(EndpointInvoker, ServiceErrorsAreNamedAsStepFunctionsNamesThem) {
    LoopbackServer server([](const Request& r) {
        if (r.header("X-Amz-Target") == "AmazonSQS.SendMessage")
            return response(400, R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."})");
        return response(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"})",
                        "application/x-amz-json-1.0", "Bad Request");
    });
    EndpointInvoker invoker(options_with(credentials_and({{"AWS_ENDPOINT_URL", server.url()}})));

    TaskOutcome optimized = invoker.invoke(task("arn:aws:states:::dynamodb:putItem", R"({"TableName":"t"})"));
    ASSERT_EQ(optimized.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(optimized.error, "DynamoDB.ConditionalCheckFailedException");
    EXPECT_EQ(optimized.cause, "The conditional request failed (Service: DynamoDB, Status Code: 400, Request ID: REQ1)");

    TaskOutcome sdk = invoker.invoke(task("arn:aws:states:::aws-sdk:dynamodb:putItem", R"({"TableName":"t"})"));
    EXPECT_EQ(sdk.error, "DynamoDb.ConditionalCheckFailedException");

    TaskOutcome sqs = invoker.invoke(task("arn:aws:states:::aws-sdk:sqs:sendMessage", R"({"QueueUrl":"q"})"));
    EXPECT_EQ(sqs.error, "Sqs.QueueDoesNotExistException");
    EXPECT_EQ(sqs.cause.rfind("The specified queue does not exist. (Service: Sqs, Status Code: 400", 0), 0u);
}

TEST(EndpointInvoker, ErrorTypeHeaderWins) {
    LoopbackServer server([](const Request&) {
        return response(400, R"({"message":"Rate exceeded"})", "application/x-amz-json-1.1", "Bad Request",
                        "x-amzn-ErrorType: ThrottlingException:http://internal.amazon.com/coral/\r\n");
    });
    EndpointInvoker invoker(options_with(credentials_and({{"AWS_ENDPOINT_URL_KINESIS", server.url()}})));
    TaskOutcome outcome = invoker.invoke(task("arn:aws:states:::aws-sdk:kinesis:putRecord", R"({"StreamName":"s"})"));
    EXPECT_EQ(outcome.error, "Kinesis.ThrottlingException");
    EXPECT_EQ(server.last.header("Content-Type"), "application/x-amz-json-1.1");
    EXPECT_EQ(server.last.header("X-Amz-Target"), "Kinesis_20131202.PutRecord");
}

TEST(EndpointInvoker, UnreachableEndpointIsTaskFailedNamingTheUrl) {
    int port;
    {
        LoopbackServer gone([](const Request&) { return std::string(); });
        port = gone.port();
    }
    std::string url = "http://127.0.0.1:" + std::to_string(port);
    EndpointInvoker invoker(options_with(credentials_and({{"AWS_ENDPOINT_URL_DYNAMODB", url}})));
    TaskOutcome outcome = invoker.invoke(task("arn:aws:states:::dynamodb:getItem", R"({"TableName":"t"})"));
    EXPECT_EQ(outcome.error, "States.TaskFailed");
    EXPECT_NE(outcome.cause.find("dynamodb endpoint " + url), std::string::npos) << outcome.cause;
}

TEST(EndpointInvoker, UnsupportedProtocolsFailLoudly) {
    EndpointInvoker invoker(options_with(credentials_and({{"AWS_ENDPOINT_URL", "http://127.0.0.1:9"}})));
    auto cause_of = [&](const std::string& resource) {
        TaskRequest request = task(resource, "{}");
        EXPECT_TRUE(invoker.serves(request)) << resource;
        TaskOutcome outcome = invoker.invoke(request);
        EXPECT_EQ(outcome.kind, TaskOutcome::Kind::Failed) << resource;
        EXPECT_EQ(outcome.error, "States.Runtime") << resource;
        return outcome.cause;
    };
    EXPECT_NE(cause_of("arn:aws:states:::sns:publish").find("sns uses the query protocol"), std::string::npos);
    EXPECT_NE(cause_of("arn:aws:states:::aws-sdk:lambda:invoke").find("lambda uses the rest-json protocol"), std::string::npos);
    EXPECT_NE(cause_of("arn:aws:states:::aws-sdk:s3:getObject").find("s3 uses the rest-xml protocol"), std::string::npos);
    EXPECT_NE(cause_of("arn:aws:states:::aws-sdk:ec2:describeInstances").find("the service ec2"), std::string::npos);
    EXPECT_NE(cause_of("arn:aws:states:::lambda:invoke").find("more than the lambda API call"), std::string::npos);
    EXPECT_NE(cause_of("arn:aws:states:::states:startExecution.sync:2").find("does not poll"), std::string::npos);
}

TEST(EndpointInvoker, WhereTheEndpointComesFrom) {
    EndpointOptions options = options_with(credentials_and({{"AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:1"}}));
    options.service_urls["secrets_manager"] = "http://127.0.0.1:2";
    EndpointInvoker invoker(options);
    EXPECT_TRUE(invoker.serves(task("arn:aws:states:::sqs:sendMessage", "{}")));
    EXPECT_TRUE(invoker.serves(task("arn:aws:states:::aws-sdk:secretsmanager:getSecretValue", "{}")));
    EXPECT_FALSE(invoker.serves(task("arn:aws:states:::dynamodb:putItem", "{}")));
    EXPECT_FALSE(invoker.serves(task("arn:aws:lambda:us-east-1:123456789012:function:Fn", "{}")));
    EXPECT_EQ(invoker.setting_for(parsed("arn:aws:states:::dynamodb:putItem")),
              "set AWS_ENDPOINT_URL_DYNAMODB (or AWS_ENDPOINT_URL, or \"endpoints\": {\"dynamodb\": URL} in stepwise.json)");
    EXPECT_NE(invoker.setting_for(parsed("arn:aws:states:::aws-sdk:secretsmanager:getSecretValue"))
                  .find("AWS_ENDPOINT_URL_SECRETS_MANAGER"),
              std::string::npos);
    EXPECT_NE(invoker.setting_for(parsed("arn:aws:states:::aws-sdk:cloudwatchlogs:putLogEvents"))
                  .find("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"),
              std::string::npos);
    EXPECT_NE(invoker.setting_for(parsed("arn:aws:states:::http:invoke")).find("httpHosts"), std::string::npos);

    options.default_url = "http://127.0.0.1:3";
    EXPECT_TRUE(EndpointInvoker(options).serves(task("arn:aws:states:::dynamodb:putItem", "{}")));
}

TEST(EndpointInvoker, CamelCaseApisAreRecased) {
    LoopbackServer server([](const Request&) {
        return response(200, R"({"executionArn":"arn:aws:states:eu-west-1:123456789012:execution:m:e","startDate":1.7E9})");
    });
    EndpointInvoker invoker(options_with(credentials_and({{"AWS_ENDPOINT_URL_SFN", server.url()}})));
    TaskOutcome outcome = invoker.invoke(task("arn:aws:states:::states:startExecution",
                                              R"({"StateMachineArn":"arn:m","Input":"{\"a\":1}","Name":"e"})"));
    ASSERT_EQ(outcome.kind, TaskOutcome::Kind::Succeeded) << outcome.cause;
    EXPECT_EQ(server.last.header("X-Amz-Target"), "AWSStepFunctions.StartExecution");
    EXPECT_EQ(server.last.body, R"({"stateMachineArn":"arn:m","input":"{\"a\":1}","name":"e"})");
    EXPECT_NE(server.last.header("Authorization").find("/eu-west-1/states/aws4_request"), std::string::npos);
    EXPECT_EQ(json::dump(outcome.result), R"({"ExecutionArn":"arn:aws:states:eu-west-1:123456789012:execution:m:e","StartDate":1.7E9})");
}

TEST(EndpointInvoker, WaitForTaskTokenSendsThenAwaitsTheCallback) {
    LoopbackServer server([](const Request&) { return response(200, R"({"MessageId":"m-1"})"); });
    EndpointInvoker invoker(options_with(credentials_and({{"AWS_ENDPOINT_URL_SQS", server.url()}})));
    TaskOutcome outcome = invoker.invoke(task("arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                                              R"({"QueueUrl":"http://q","MessageBody":{"token":"T1"}})"));
    ASSERT_EQ(outcome.kind, TaskOutcome::Kind::Submitted) << outcome.cause;
    EXPECT_EQ(server.last.header("X-Amz-Target"), "AmazonSQS.SendMessage");
    EXPECT_EQ(server.last.body, R"({"QueueUrl":"http://q","MessageBody":{"token":"T1"}})");
}

TEST(HttpInvoke, RequestAndResultShapes) {
    LoopbackServer server([](const Request&) {
        return "HTTP/1.1 201 Created\r\nContent-Type: application/json; charset=utf-8\r\nSet-Cookie: a=1\r\n"
               "Set-Cookie: b=2\r\nContent-Length: 15\r\n\r\n{\"id\":\"ORD-1\"}";
    });
    EndpointInvoker invoker(options_with({}));
    TaskRequest request = task("arn:aws:states:::http:invoke", R"({
        "ApiEndpoint": ")" + server.url() + R"(/v1/orders?src=sfn",
        "Method": "POST",
        "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/c/1"},
        "Headers": {"X-Trace": "abc", "Retries": 2},
        "QueryParameters": {"tag": ["a b", "c"], "dry": true},
        "RequestBody": {"orderId": "ORD-1", "items": [1, 2]}
    })");
    ASSERT_TRUE(invoker.serves(request));
    TaskOutcome outcome = invoker.invoke(request);
    ASSERT_EQ(outcome.kind, TaskOutcome::Kind::Succeeded) << outcome.error << ": " << outcome.cause;
    EXPECT_EQ(server.last.line(), "POST /v1/orders?src=sfn&tag=a%20b&tag=c&dry=true HTTP/1.1");
    EXPECT_EQ(server.last.header("X-Trace"), "abc");
    EXPECT_EQ(server.last.header("Retries"), "2");
    EXPECT_EQ(server.last.header("Content-Type"), "application/json; charset=UTF-8");
    EXPECT_EQ(server.last.header("Authorization"), "");
    EXPECT_EQ(server.last.body, R"({"orderId":"ORD-1","items":[1,2]})");
    EXPECT_EQ(json::dump(outcome.result),
              R"({"Headers":{"Content-Type":["application/json; charset=utf-8"],"Set-Cookie":["a=1","b=2"],)"
              R"("Content-Length":["15"]},"ResponseBody":{"id":"ORD-1"},"StatusCode":201,"StatusText":"Created"})");
}

TEST(HttpInvoke, UrlEncodedBodiesInEveryArrayFormat) {
    LoopbackServer server([](const Request&) { return response(200, "ok", "text/plain"); });
    EndpointInvoker invoker(options_with({}));
    auto body_for = [&](const std::string& format) {
        std::string transform = R"({"RequestBodyEncoding":"URL_ENCODED")" +
                                (format.empty() ? std::string() : R"(,"RequestEncodingOptions":{"ArrayFormat":")" + format + "\"}") + "}";
        TaskOutcome outcome = invoker.invoke(task("arn:aws:states:::http:invoke", R"({"ApiEndpoint":")" + server.url() +
                                                      R"(","Method":"POST","Transform":)" + transform +
                                                      R"(,"RequestBody":{"name":"a b","array":["x","y"]}})"));
        EXPECT_EQ(outcome.kind, TaskOutcome::Kind::Succeeded) << outcome.cause;
        EXPECT_EQ(json::dump(outcome.result.find("ResponseBody") ? *outcome.result.find("ResponseBody") : json::Value()), "\"ok\"");
        EXPECT_EQ(server.last.header("Content-Type"), "application/x-www-form-urlencoded");
        return server.last.body;
    };
    EXPECT_EQ(body_for(""), "name=a%20b&array%5B0%5D=x&array%5B1%5D=y");
    EXPECT_EQ(body_for("INDICES"), "name=a%20b&array%5B0%5D=x&array%5B1%5D=y");
    EXPECT_EQ(body_for("REPEAT"), "name=a%20b&array=x&array=y");
    EXPECT_EQ(body_for("COMMAS"), "name=a%20b&array=x,y");
    EXPECT_EQ(body_for("BRACKETS"), "name=a%20b&array%5B%5D=x&array%5B%5D=y");
}

TEST(HttpInvoke, ErrorStatusFailsWithItsCode) {
    LoopbackServer server([](const Request&) { return response(404, "nope", "text/plain", "Not Found"); });
    EndpointInvoker invoker(options_with({}));
    TaskOutcome outcome = invoker.invoke(
        task("arn:aws:states:::http:invoke", R"({"ApiEndpoint":")" + server.url() + R"(/missing","Method":"GET"})"));
    ASSERT_EQ(outcome.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(outcome.error, "States.Http.StatusCode.404");
    json::Value cause = json::parse(outcome.cause);
    EXPECT_EQ(json::dump(*cause.find("ResponseBody")), "\"nope\"");
    EXPECT_EQ(json::dump(*cause.find("StatusCode")), "404");
    EXPECT_EQ(json::dump(*cause.find("StatusText")), "\"Not Found\"");
    EXPECT_EQ(server.last.line(), "GET /missing HTTP/1.1");
}

TEST(HttpInvoke, OnlyLoopbackOrAllowedHostsAndPlainHttp) {
    EndpointOptions options = options_with({});
    EndpointInvoker invoker(options);
    TaskRequest remote = task("arn:aws:states:::http:invoke", R"({"ApiEndpoint":"http://api.example.test/x","Method":"GET"})");
    EXPECT_FALSE(invoker.serves(remote));
    TaskOutcome outcome = invoker.invoke(remote);
    EXPECT_EQ(outcome.error, "States.Runtime");
    EXPECT_NE(outcome.cause.find("\"httpHosts\""), std::string::npos) << outcome.cause;
    EXPECT_NE(outcome.cause.find("--allow-http-host api.example.test"), std::string::npos) << outcome.cause;

    options.http_hosts = {"API.example.test"};
    EXPECT_TRUE(EndpointInvoker(options).serves(remote));

    TaskOutcome https = invoker.invoke(
        task("arn:aws:states:::http:invoke", R"({"ApiEndpoint":"https://localhost:8443/x","Method":"GET"})"));
    EXPECT_EQ(https.error, "States.Runtime");
    EXPECT_NE(https.cause.find("plain http only"), std::string::npos);
}

TEST(HttpInvoke, ParametersThatAreNotAnHttpTasksFail) {
    EndpointInvoker invoker(options_with({}));
    auto cause_of = [&](const std::string& parameters) {
        TaskRequest request = task("arn:aws:states:::http:invoke", parameters);
        EXPECT_TRUE(invoker.serves(request));
        TaskOutcome outcome = invoker.invoke(request);
        EXPECT_EQ(outcome.error, "States.Runtime");
        return outcome.cause;
    };
    EXPECT_EQ(cause_of(R"({"ApiEndpoint":"http://localhost/x"})"), "HTTP Task: the HTTP Task requires Method");
    EXPECT_NE(cause_of(R"({"ApiEndpoint":"http://localhost/x","Method":"FETCH"})").find("Method must be one of"), std::string::npos);
    EXPECT_NE(cause_of(R"({"ApiEndpoint":"http://localhost/x","Method":"GET","Body":1})").find("unknown HTTP Task parameter Body"),
              std::string::npos);
    EXPECT_NE(cause_of(R"({"ApiEndpoint":"http://localhost/x","Method":"GET","Headers":{"Host":"h"}})").find("Headers/Host"),
              std::string::npos);
    EXPECT_NE(cause_of(R"({"ApiEndpoint":"http://localhost/x","Method":"POST","Transform":{"RequestBodyEncoding":"URL_ENCODED"},"RequestBody":"a=1"})")
                  .find("RequestBody must be an object to be URL_ENCODED"),
              std::string::npos);
}
